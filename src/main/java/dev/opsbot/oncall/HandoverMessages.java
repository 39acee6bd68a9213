package dev.opsbot.oncall;

import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.oncall.OpenAlerts.OpenAlert;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The wording of a hand-over post: who is on call until when, who is next, whom they take over
 * from, and the open alerts handed over as a table.
 */
final class HandoverMessages {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ENGLISH);
  static final List<String> COLUMNS =
      List.of("ID", "SEVERITY", "SERVICE", "SUMMARY", "SINCE", "STATE");

  private HandoverMessages() {}

  /**
   * The post announcing {@code shift} in {@code channel}; {@code previous} and {@code next} may be
   * null, {@code names} turns a chat user id into a person's name where it knows one.
   */
  static Message handover(
      String channel,
      Shift shift,
      Person previous,
      Person next,
      ZoneId zone,
      List<OpenAlert> alerts,
      Function<String, String> names) {
    boolean discord = ChatAddress.isDiscord(channel);
    Function<Person, String> mention = p -> discord ? p.discordMention() : p.slackMention();
    String until = WHEN.format(shift.end().atZone(zone)) + " " + zone.getId();
    StringBuilder line =
        new StringBuilder("is on call for ")
            .append(shift.schedule())
            .append(" until ")
            .append(until);
    if (next != null) {
      line.append(" (next: ").append(mention.apply(next)).append(')');
    }
    line.append(
        previous == null
            ? "; nobody was on call before."
            : "; taking over from " + mention.apply(previous) + ".");
    line.append(' ').append(alertsLine(alerts.size(), ":"));
    String fallback =
        shift.person().name()
            + " is on call for "
            + shift.schedule()
            + " until "
            + until
            + ". "
            + alertsLine(alerts.size(), ".");
    Message.Builder message =
        Message.builder(fallback)
            .page(mention.apply(shift.person()), line.toString())
            .tone(alerts.isEmpty() ? Tone.NEUTRAL : Tone.WARNING);
    if (!alerts.isEmpty()) {
      message.table(COLUMNS, alerts.stream().map(a -> row(a, zone, names)).toList());
    }
    return message.build();
  }

  /** How many open alerts are handed over; {@code end} closes the line when there are some. */
  private static String alertsLine(int open, String end) {
    return switch (open) {
      case 0 -> "No open alerts are handed over.";
      case 1 -> "1 open alert is handed over" + end;
      default -> open + " open alerts are handed over" + end;
    };
  }

  private static List<String> row(OpenAlert alert, ZoneId zone, Function<String, String> names) {
    return List.of(
        Long.toString(alert.id()),
        alert.severity(),
        alert.service(),
        alert.summary() == null ? "" : alert.summary(),
        alert.since() == null ? "" : WHEN.format(alert.since().atZone(zone)),
        state(alert, zone, names));
  }

  private static String state(OpenAlert alert, ZoneId zone, Function<String, String> names) {
    String by = alert.by() == null ? "" : " by " + names.apply(alert.by());
    return switch (alert.status()) {
      case FIRING -> "firing";
      case ACKNOWLEDGED -> "acknowledged" + by;
      case SNOOZED ->
          "snoozed"
              + by
              + (alert.snoozedUntil() == null
                  ? ""
                  : " until " + WHEN.format(alert.snoozedUntil().atZone(zone)));
    };
  }

  /** The outbox key of a schedule's hand-over at {@code shiftStart}. */
  static String key(String schedule, Instant shiftStart) {
    return "handover:" + schedule + ":" + shiftStart;
  }
}
