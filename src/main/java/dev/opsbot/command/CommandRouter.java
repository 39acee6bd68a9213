package dev.opsbot.command;

import dev.opsbot.chat.Message;
import dev.opsbot.config.ClosestMatch;
import dev.opsbot.config.SecretRedactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps command names to commands, parses what was typed, and turns every failure into a reply. */
public final class CommandRouter {
  private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

  private final Map<String, Command> commands = new LinkedHashMap<>();

  /** Refuses two commands of one name, so a clash shows at start-up, not as a wrong answer. */
  public CommandRouter(Collection<? extends Command> commands) {
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
  }

  /** A router with {@code /help} generated from the declarations of the given commands. */
  public static CommandRouter withHelp(List<? extends Command> commands) {
    List<Command> all = new ArrayList<>(commands);
    all.add(new HelpCommand(() -> all.stream().map(Command::spec).toList()));
    return new CommandRouter(all);
  }

  public List<CommandSpec> specs() {
    return commands.values().stream().map(Command::spec).toList();
  }

  /** Answers one line as typed, such as {@code /health backend --fresh}. */
  public Message handle(String line, Caller caller) {
    List<String> words = List.of(line.trim().split("\\s+"));
    String name =
        words.getFirst().startsWith("/") ? words.getFirst().substring(1) : words.getFirst();
    return handle(name, words.subList(1, words.size()), caller);
  }

  /** Answers a command whose name the platform already separated (Slack, Discord). */
  public Message handle(String name, List<String> words, Caller caller) {
    Command command = commands.get(name);
    if (command == null) {
      return unknown(name);
    }
    List<String> arguments = new ArrayList<>();
    Set<String> flags = new LinkedHashSet<>();
    for (String word : words) {
      if (word.isBlank()) {
        continue;
      }
      if (word.startsWith("--")) {
        String flag = word.substring(2);
        if (!command.spec().acceptsFlag(flag)) {
          return usage(command.spec(), "unknown option " + word);
        }
        flags.add(flag);
      } else {
        arguments.add(word);
      }
    }
    String text = ("/" + name + " " + String.join(" ", words)).trim();
    CommandRequest request = new CommandRequest(name, arguments, flags, text, caller);
    try {
      return command.execute(request);
    } catch (UsageException e) {
      return usage(command.spec(), e.getMessage());
    } catch (RuntimeException e) {
      String reason = SecretRedactor.redact(String.valueOf(e.getMessage()));
      log.error(
          "event=command_failed command=/{} user={} error=\"{}: {}\"",
          name,
          caller.userId(),
          e.getClass().getSimpleName(),
          reason,
          e);
      return Message.ephemeral(
          "/" + name + " failed: " + reason + ". The details are in opsbot's log.");
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
