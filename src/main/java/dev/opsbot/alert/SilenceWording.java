package dev.opsbot.alert;

import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.delivery.OutboxItem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The posts announcing a silence's or maintenance window's start and end in the alert channels. */
final class SilenceWording {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private SilenceWording() {}

  static List<OutboxItem> started(Silence silence, List<String> channels) {
    String title =
        capitalized(silence.kind().noun())
            + " "
            + silence.id()
            + " started: "
            + subject(silence)
            + " for "
            + HumanTime.span(Duration.between(silence.startsAt(), silence.endsAt()));
    Message message =
        Message.builder(title)
            .header(title)
            .text(
                "Alerts it matches are evaluated but not posted until "
                    + at(silence.endsAt())
                    + "; one still firing then is posted then."
                    + reason(silence))
            .context("by " + silence.createdBy())
            .tone(Tone.WARNING)
            .build();
    return posts("silence-" + silence.id() + "-start", channels, message);
  }

  static List<OutboxItem> ended(Silence silence, List<String> channels) {
    String how =
        silence.endedBy() != null
            ? "ended early by " + silence.endedBy()
            : "ended at " + at(silence.endsAt());
    String title =
        capitalized(silence.kind().noun())
            + " "
            + silence.id()
            + " "
            + how
            + ": "
            + subject(silence);
    Message message =
        Message.builder(title)
            .header(title)
            .text("Alerts it matched are posted again; one still firing is posted now.")
            .tone(Tone.GOOD)
            .build();
    return posts("silence-" + silence.id() + "-end", channels, message);
  }

  /** A line for /silence and /maintenance listings. */
  static List<String> row(Silence silence, Instant now) {
    return List.of(
        Long.toString(silence.id()),
        subject(silence),
        HumanTime.span(Duration.between(now, silence.effectiveEnd())) + " left",
        silence.createdBy(),
        silence.reason() == null ? "" : silence.reason());
  }

  /** An instant as chat shows it: "2026-12-05 05:06 UTC" (to the minute; windows are minutes). */
  static String at(Instant instant) {
    return AT.format(instant);
  }

  /** A line for /maintenance's list of the configured windows: the next occurrence, or none. */
  static List<String> scheduleRow(MaintenanceSchedule schedule, Instant now) {
    String next =
        schedule
            .next(now)
            .map(o ->
                o.start().isAfter(now)
                    ? "in "
                        + HumanTime.span(Duration.between(now, o.start()))
                        + " ("
                        + at(o.start())
                        + ")"
                    : "running, " + HumanTime.span(Duration.between(now, o.end())) + " left")
            .orElse(schedule.when().weekly() ? "none within a week" : "over");
    return List.of(
        schedule.name(),
        String.join(", ", schedule.services()),
        schedule.when().toString(),
        next,
        schedule.reason() == null ? "" : schedule.reason());
  }

  static String subject(Silence silence) {
    return silence.kind() == Silence.Kind.MAINTENANCE
        ? String.join(", ", silence.matchers().service().anyOf())
        : silence.matchers().describe();
  }

  private static String reason(Silence silence) {
    return silence.reason() == null ? "" : " Reason: " + silence.reason();
  }

  private static List<OutboxItem> posts(String key, List<String> channels, Message message) {
    return channels.stream()
        .map(channel -> OutboxItem.post(key + "-" + channel, channel, message))
        .toList();
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
