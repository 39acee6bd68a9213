package dev.opsbot.command;

import dev.opsbot.access.AccessDecision;
import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditNote;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Message;
import dev.opsbot.config.ClosestMatch;
import dev.opsbot.config.SecretRedactor;
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
 * command in the audit trail, and turns every failure into a reply.
 */
public final class CommandRouter {
  private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Map<String, ButtonAction> actions = new LinkedHashMap<>();
  private final AccessPolicy access;
  private final AuditTrail audit;
  private final Clock clock;

  /** Refuses two commands of one name, so a clash shows at start-up, not as a wrong answer. */
  public CommandRouter(
      Collection<? extends Command> commands, AccessPolicy access, AuditTrail audit, Clock clock) {
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
    this.audit = audit;
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
      List<? extends Command> commands, AccessPolicy access, AuditTrail audit, Clock clock) {
    List<Command> all = new ArrayList<>(commands);
    all.add(new HelpCommand(() -> all.stream().map(Command::spec).toList()));
    return new CommandRouter(all, access, audit, clock);
  }

  /** Everyone may run everything and nothing is audited: for tests of single commands. */
  public static CommandRouter withHelp(List<? extends Command> commands) {
    return withHelp(commands, AccessPolicy.allowAll(), AuditTrail.NONE, Clock.systemUTC());
  }

  public List<CommandSpec> specs() {
    return commands.values().stream().map(Command::spec).toList();
  }

  /** Answers one line as typed, such as {@code /health backend --fresh}. */
  public Message handle(String line, Caller caller) {
    String trimmed = line.strip();
    int space = trimmed.indexOf(' ');
    String first = space < 0 ? trimmed : trimmed.substring(0, space);
    String name = first.startsWith("/") ? first.substring(1) : first;
    return handle(name, space < 0 ? "" : trimmed.substring(space + 1), caller);
  }

  /** Answers a command whose name the platform already separated (Slack, Discord). */
  public Message handle(String name, String argumentText, Caller caller) {
    Instant start = clock.instant();
    String arguments = argumentText.strip();
    String text = SecretRedactor.redact(("/" + name + " " + arguments).strip());
    AuditNote note = new AuditNote();
    Reply reply = dispatch(name, arguments, caller, text, note);
    record(start, caller, AuditKind.COMMAND, text, reply.outcome(), note);
    return reply.message();
  }

  private record Reply(Message message, Outcome outcome) {}

  private void record(
      Instant start,
      Caller caller,
      AuditKind kind,
      String subject,
      Outcome outcome,
      AuditNote note) {
    audit.record(
        AuditEntry.of(
            start,
            caller,
            kind,
            subject,
            outcome,
            Duration.between(start, clock.instant()),
            note.detail()));
  }

  /**
   * Answers a button click: checks the role, runs the action, audits it. The returned message
   * replaces the one clicked, or, for a refusal or failure, is shown only to the clicker.
   */
  public Message handleClick(ButtonClick click) {
    Instant start = clock.instant();
    AuditNote note = new AuditNote();
    note.set("value=" + click.value());
    Reply reply = dispatchClick(click);
    record(start, click.caller(), AuditKind.CLICK, click.actionId(), reply.outcome(), note);
    return reply.message();
  }

  private Reply dispatchClick(ButtonClick click) {
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
    } catch (RuntimeException e) {
      log.error(
          "event=click_failed action={} user={} error=\"{}\"",
          click.actionId(),
          click.caller().userId(),
          SecretRedactor.redact(String.valueOf(e.getMessage())),
          e);
      return new Reply(
          Message.ephemeral(
              "That click failed: " + SecretRedactor.redact(String.valueOf(e.getMessage()))),
          Outcome.ERROR);
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
    } catch (RuntimeException e) {
      String reason = SecretRedactor.redact(String.valueOf(e.getMessage()));
      log.error(
          "event=command_failed command=/{} user={} error=\"{}: {}\"",
          name,
          caller.userId(),
          e.getClass().getSimpleName(),
          reason,
          e);
      note.set(e.getClass().getSimpleName());
      return new Reply(
          Message.ephemeral(
              "/" + name + " failed: " + reason + ". The details are in opsbot's log."),
          Outcome.ERROR);
    }
  }

  private Message unknown(String name) {
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
