package dev.opsbot.platform;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.RunbookAction;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.DurationText;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.ThreadReplies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /logs <service> [--since 15m] [--grep text] [--level error]}: a service's recent log lines
 * from its platform, newest last; and the Logs button of an alert's runbook actions, answered in
 * the alert's thread.
 */
public final class LogsCommand implements Command {
  private static final Duration LONGEST = Duration.ofDays(7);
  private static final Set<String> LEVELS = Set.of("error", "warning", "warn", "info", "debug");
  public static final CommandSpec SPEC =
      new CommandSpec(
          "logs",
          "A service's recent log lines from Render or Vercel (oncall)",
          List.of(
              Argument.text(
                  "service [--since 15m] [--grep text] [--level error]",
                  "the service; how far back (default 15m, up to 7d), a text the lines contain,"
                      + " their level")),
          Role.ONCALL);

  private final PlatformLogs logs;
  private final ThreadReplies replies;

  /**
   * @param replies where the Logs button of an alert answers; null where there are no alerts
   */
  public LogsCommand(PlatformLogs logs, ThreadReplies replies) {
    this.logs = logs;
    this.replies = replies;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    List<String> words = words(request.argumentText());
    if (words.isEmpty() || words.getFirst().startsWith("--")) {
      throw new UsageException("give the service: /logs backend --since 30m");
    }
    String service = words.getFirst();
    Duration since = null;
    String grep = null;
    String level = null;
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      if (i + 1 >= words.size() || !word.startsWith("--")) {
        throw new UsageException("'" + word + "' is not --since, --grep or --level with a value");
      }
      String value = words.get(++i);
      switch (word) {
        case "--since" -> since = since(value);
        case "--grep" -> grep = value;
        case "--level" -> level = level(value);
        default ->
            throw new UsageException("unknown option " + word + ": --since, --grep, --level");
      }
    }
    return read(service, new LogQuery(since, grep, level));
  }

  private Message read(String service, LogQuery query) {
    try {
      return LogsMessages.logs(service, query, logs.read(service, query), logs.shownLines());
    } catch (PlatformException e) {
      throw new CommandFailedException(e.getMessage());
    }
  }

  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(
        ButtonAction.of(RunbookAction.Kind.LOGS.actionId(), Role.ONCALL, this::runbookClick));
  }

  /** The Logs button of an alert: the lines go into the alert's thread, for everyone there. */
  private Message runbookClick(ButtonClick click) {
    RunbookAction action = RunbookAction.of(RunbookAction.Kind.LOGS, click.value());
    Duration since = action.argument() == null ? null : since(action.argument());
    Message answer = read(action.service(), new LogQuery(since, null, null));
    String channel = ChatAddress.of(click.caller().platform(), click.caller().channelId());
    if (replies == null || channel == null) {
      return answer;
    }
    replies.reply(channel, action.thread(), "logs", answer);
    return Message.ephemeral("Logs of " + action.service() + " are posted in the alert's thread.");
  }

  private static Duration since(String text) {
    Duration duration;
    try {
      duration = DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("'" + text + "' is not a duration: write 15m, 2h or 1d");
    }
    if (duration.isZero() || duration.isNegative() || duration.compareTo(LONGEST) > 0) {
      throw new UsageException("--since must be more than 0 and at most 7d");
    }
    return duration;
  }

  private static String level(String text) {
    String level = text.toLowerCase(java.util.Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new UsageException("--level is one of error, warning, info, debug");
    }
    return level;
  }

  /** Words as typed; "double quotes" keep a text with spaces together. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : (text == null ? "" : text).toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }
}
