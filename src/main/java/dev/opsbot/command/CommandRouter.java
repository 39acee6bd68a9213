package dev.opsbot.command;

import dev.opsbot.access.AccessDecision;
import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.config.ClosestMatch;
import dev.opsbot.config.SecretRedactor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps command names to commands, parses what was typed, checks the caller's role, records every
 * command and click in the command log, and turns every failure into a reply.
 */
public final class CommandRouter {
  private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);
  private static final int MAX_SHOWN_NAME = 40;
  private static final SecureRandom INCIDENTS = new SecureRandom();

  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Map<String, ButtonAction> actions = new LinkedHashMap<>();
  private final AccessPolicy access;
  private final CommandLog commandLog;
  private final Clock clock;

  /** Refuses two commands of one name, so a clash shows at start-up, not as a wrong answer. */
  public CommandRouter(
      Collection<? extends Command> commands,
      AccessPolicy access,
      CommandLog commandLog,
      Clock clock) {
    for (Command command : commands) {
      Command clash = this.commands.putIfAbsent(command.spec().name(), command);
      if (clash != null) {
        throw new IllegalStateException(
            "two commands are named /"
                + command.spec().name()
                + ": "
                + clash.getClass().getSimpleName()
                + " and "
                + command.getClass().getSimpleName());
      }
    }
    this.access = access;
    this.commandLog = commandLog;
    this.clock = clock;
    for (Command command : commands) {
      for (ButtonAction action : command.buttonActions()) {
        if (actions.putIfAbsent(action.actionId(), action) != null) {
          throw new IllegalStateException("two button actions have the id " + action.actionId());
        }
      }
    }
  }

  /** A router with {@code /help} generated from the declarations of the given commands. */
  public static CommandRouter withHelp(
      List<? extends Command> commands, AccessPolicy access, CommandLog commandLog, Clock clock) {
    List<Command> all = new ArrayList<>(commands);
    all.add(new HelpCommand(() -> all.stream().map(Command::spec).toList()));
    return new CommandRouter(all, access, commandLog, clock);
  }

  /** Everyone may run everything and nothing is audited: for tests of single commands. */
  public static CommandRouter withHelp(List<? extends Command> commands) {
    return withHelp(commands, AccessPolicy.allowAll(), CommandLog.NONE, Clock.systemUTC());
  }

  public List<CommandSpec> specs() {
    return commands.values().stream().map(Command::spec).toList();
  }

  /** Answers one line as typed, such as {@code /health backend --fresh}. */
  public Message handle(String line, Caller caller) {
    String trimmed = line == null ? "" : line.strip();
    int space = trimmed.indexOf(' ');
    String first = space < 0 ? trimmed : trimmed.substring(0, space);
    String name = first.startsWith("/") ? first.substring(1) : first;
    return handle(name, space < 0 ? "" : trimmed.substring(space + 1), caller);
  }

  /** Answers a command whose name the platform already separated (Slack, Discord). */
  public Message handle(String name, String argumentText, Caller caller) {
    Instant start = clock.instant();
    String command = name == null ? "" : name;
    String arguments = argumentText == null ? "" : argumentText.strip();
    String text = SecretRedactor.redact(("/" + command + " " + arguments).strip());
    AuditNote note = new AuditNote();
    Reply reply;
    try {
      reply = dispatch(command, arguments, caller, text, note);
    } catch (Throwable e) {
      // Whatever a command raises, the process goes on: the user gets an answer, the log the cause.
      reply = internalError("/" + shown(command), caller, e, note);
    }
    record(start, caller, CommandRecord.Kind.COMMAND, text, reply.outcome(), note);
    return reply.message();
  }

  private record Reply(Message message, Outcome outcome) {}

  private void record(
      Instant start,
      Caller caller,
      CommandRecord.Kind kind,
      String subject,
      Outcome outcome,
      AuditNote note) {
    try {
      commandLog.record(
          new CommandRecord(
              start,
              caller,
              kind,
              subject,
              outcome,
              Duration.between(start, clock.instant()),
              note.detail()));
    } catch (Throwable e) {
      safeLog(() -> log.error("event=audit_record_failed error=\"{}\"", e.toString(), e));
    }
  }

  /**
   * The answer to a command that raised something unexpected, an {@link Error} as well as an
   * exception: the user is told and given the incident id under which the log has the cause.
   */
  private static Reply internalError(String what, Caller caller, Throwable e, AuditNote note) {
    String incident = String.format("%010x", INCIDENTS.nextLong() & 0xffffffffffL);
    String kind = e.getClass().getSimpleName();
    safeLog(() ->
        log.error(
            "event=command_failed command={} user={} incident={} error=\"{}: {}\"",
            what,
            caller == null ? null : caller.userId(),
            incident,
            kind,
            SecretRedactor.redact(String.valueOf(e.getMessage())),
            e));
    note.set(kind + " incident=" + incident);
    String answer =
        e instanceof RuntimeException
            ? what
                + " failed: "
                + (e.getMessage() == null ? kind : SecretRedactor.redact(e.getMessage()))
                + ". The details are in opsbot's log, incident "
                + incident
                + "."
            : what + " failed: internal error (" + kind + "), logged as incident " + incident + ".";
    return new Reply(Message.ephemeral(answer), Outcome.ERROR);
  }

  /** Logging itself may fail (an OutOfMemoryError again): that must not escape either. */
  private static void safeLog(Runnable logging) {
    try {
      logging.run();
    } catch (Throwable ignored) {
      // Nothing else can be told; the caller still gets its answer.
    }
  }

  /** A command name as echoed back: a pasted megabyte is not repeated to its sender. */
  private static String shown(String name) {
    return name.length() <= MAX_SHOWN_NAME ? name : name.substring(0, MAX_SHOWN_NAME) + "\u2026";
  }

  /**
   * Answers a button click: checks the role, runs the action, audits it. The returned message
   * replaces the one clicked, or, for a refusal or failure, is shown only to the clicker.
   */
  public Message handleClick(ButtonClick click) {
    Instant start = clock.instant();
    AuditNote note = new AuditNote();
    note.set("value=" + click.value());
    Reply reply;
    try {
      reply = dispatchClick(click, note);
    } catch (Throwable e) {
      reply = internalError("click " + click.actionId(), click.caller(), e, note);
    }
    record(
        start, click.caller(), CommandRecord.Kind.CLICK, click.actionId(), reply.outcome(), note);
    return reply.message();
  }

  private Reply dispatchClick(ButtonClick click, AuditNote note) {
    ButtonAction action = actions.get(click.actionId());
    if (action == null) {
      return new Reply(
          Message.ephemeral("This button (" + click.actionId() + ") no longer does anything."),
          Outcome.ERROR);
    }
    AccessDecision decision = access.check(click.caller(), action.requiredRole());
    if (!decision.allowed()) {
      return new Reply(Message.ephemeral(decision.refusal()), Outcome.REFUSED);
    }
    try {
      return new Reply(action.onClick(click), Outcome.OK);
    } catch (UsageException | RefusedException | CommandFailedException e) {
      return new Reply(Message.ephemeral(e.getMessage()), Outcome.ERROR);
    } catch (Throwable e) {
      return internalError("click " + click.actionId(), click.caller(), e, note);
    }
  }

  private Reply dispatch(
      String name, String argumentText, Caller caller, String text, AuditNote note) {
    Command command = commands.get(name);
    if (command == null) {
      return new Reply(unknown(name), Outcome.ERROR);
    }
    AccessDecision decision = access.check(caller, command.spec().requiredRole());
    if (!decision.allowed()) {
      note.set("needs " + command.spec().requiredRole().id());
      return new Reply(Message.ephemeral(decision.refusal()), Outcome.REFUSED);
    }
    List<String> arguments = new ArrayList<>();
    Set<String> flags = new LinkedHashSet<>();
    List<String> words =
        command.spec().takesText() || argumentText.isEmpty()
            ? List.of()
            : List.of(argumentText.split("\\s+"));
    for (String word : words) {
      if (word.isBlank()) {
        continue;
      }
      if (word.startsWith("--")) {
        String flag = word.substring(2);
        if (!command.spec().acceptsFlag(flag)) {
          return new Reply(usage(command.spec(), "unknown option " + word), Outcome.ERROR);
        }
        flags.add(flag);
      } else {
        arguments.add(word);
      }
    }
    CommandRequest request =
        new CommandRequest(name, arguments, flags, text, argumentText, caller, note);
    try {
      return new Reply(command.execute(request), Outcome.OK);
    } catch (UsageException e) {
      return new Reply(usage(command.spec(), e.getMessage()), Outcome.ERROR);
    } catch (RefusedException e) {
      return new Reply(Message.ephemeral(e.getMessage()), Outcome.REFUSED);
    } catch (CommandFailedException e) {
      return new Reply(Message.ephemeral(e.getMessage()), Outcome.ERROR);
    } catch (Throwable e) {
      return internalError("/" + name, caller, e, note);
    }
  }

  private Message unknown(String name) {
    if (name.length() > MAX_SHOWN_NAME) {
      return Message.ephemeral(
          "Unknown command /" + shown(name) + ". Type /help for the list of commands.");
    }
    String hint =
        ClosestMatch.among(commands.keySet(), name)
            .map(match -> " Did you mean /" + match + "?")
            .orElse("");
    return Message.ephemeral(
        "Unknown command /" + name + "." + hint + " Type /help for the list of commands.");
  }

  private static Message usage(CommandSpec spec, String problem) {
    return Message.ephemeral(problem + ". Usage: " + spec.usage());
  }
}
