package dev.opsbot.alert;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Numbers;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.DurationText;
import java.time.Duration;
import java.util.List;

/** {@code /ack <id>}, {@code /snooze <id> <duration>} and {@code /resolve <id>}: one alert each. */
public final class AlertResponseCommand implements Command {
  private static final Duration LONGEST_SNOOZE = Duration.ofDays(7);

  /** Which of the three responses this command gives. */
  public enum Kind {
    ACK,
    SNOOZE,
    RESOLVE
  }

  private final Kind kind;
  private final AlertDesk desk;
  private final CommandSpec spec;

  public AlertResponseCommand(Kind kind, AlertDesk desk) {
    this.kind = kind;
    this.desk = desk;
    this.spec = spec(kind);
  }

  public static List<AlertResponseCommand> all(AlertDesk desk) {
    return List.of(
        new AlertResponseCommand(Kind.ACK, desk),
        new AlertResponseCommand(Kind.SNOOZE, desk),
        new AlertResponseCommand(Kind.RESOLVE, desk));
  }

  public static CommandSpec spec(Kind kind) {
    Argument id = Argument.required("id", "the alert's number, as /alerts and its message show");
    return switch (kind) {
      case ACK ->
          new CommandSpec(
              "ack",
              "Acknowledge an alert: no more repeats or escalation",
              List.of(id),
              Role.ONCALL);
      case SNOOZE ->
          new CommandSpec(
              "snooze",
              "Silence an alert for a while (30m, 2h, up to 7d)",
              List.of(id, Argument.required("duration", "how long, such as 30m or 2h")),
              Role.ONCALL);
      case RESOLVE ->
          new CommandSpec("resolve", "Close an alert by hand", List.of(id), Role.ONCALL);
    };
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Message execute(CommandRequest request) {
    int expected = kind == Kind.SNOOZE ? 2 : 1;
    if (request.arguments().size() != expected) {
      throw new UsageException(
          kind == Kind.SNOOZE ? "give the alert's number and how long" : "give the alert's number");
    }
    long id = alertId(request.argument(0));
    request.note().set("alert=" + id);
    AlertDesk.Response response =
        switch (kind) {
          case ACK -> desk.acknowledge(id, request.caller());
          case SNOOZE -> desk.snooze(id, duration(request.argument(1)), request.caller());
          case RESOLVE -> desk.resolve(id, request.caller());
        };
    return Message.builder(response.text())
        .text(response.text())
        .tone(response.changed() ? Tone.GOOD : Tone.WARNING)
        .visibility(Visibility.EPHEMERAL)
        .build();
  }

  private static long alertId(String text) {
    try {
      return Numbers.parseLong(text.startsWith("#") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      throw new UsageException("'" + text + "' is not an alert number: /alerts lists them");
    }
  }

  private static Duration duration(String text) {
    Duration duration;
    try {
      duration = DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("'" + text + "' is not a duration: write 30m, 2h or 1d");
    }
    if (duration.isZero() || duration.isNegative() || duration.compareTo(LONGEST_SNOOZE) > 0) {
      throw new UsageException("snooze for more than 0 and at most 7d");
    }
    return duration;
  }
}
