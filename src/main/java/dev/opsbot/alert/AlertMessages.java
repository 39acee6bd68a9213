package dev.opsbot.alert;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.delivery.OutboxItem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns alert transitions into outbox items: one parent message per incident, edited in place on
 * every change of state, with the details in its thread. Keys are derived from the transition
 * alone, so a replayed transition is enqueued once and distinct transitions never collide.
 */
public final class AlertMessages {
  public static final String ACK = "alert.ack";
  public static final String SNOOZE = "alert.snooze";
  public static final String RESOLVE = "alert.resolve";

  private final String onCallMention;
  private final DateTimeFormatter clockTime;
  private final DateTimeFormatter dateTime;

  /**
   * @param onCallMention how the on-call group is mentioned on escalation, e.g. {@code
   *     <!subteam^S0ONCALL>}
   * @param zone the time zone times are shown in
   */
  public AlertMessages(String onCallMention, ZoneId zone) {
    this.onCallMention = Objects.requireNonNull(onCallMention);
    Objects.requireNonNull(zone);
    this.clockTime = DateTimeFormatter.ofPattern("HH:mm z", Locale.ROOT).withZone(zone);
    this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
  }

  /** The key of an incident's parent message, which updates and replies refer to. */
  public static String parentKey(long alertId) {
    return "alert-" + alertId + "/parent";
  }

  /** {@link #messages(Incident, AlertEvent, long, String)} naming people as the event does. */
  public List<OutboxItem> messages(Incident incident, AlertEvent event, long sequence) {
    return messages(incident, event, sequence, null);
  }

  /**
   * What to enqueue for one transition of the incident.
   *
   * @param sequence the transition's number in the alert's history; it keys the transitions that
   *     can happen more than once and carry no count of their own (value changes, snoozes, snooze
   *     ends)
   * @param displayName how the person who acknowledged, snoozed or resolved is shown; null shows
   *     the event's {@code by}
   * @return nothing for transitions that post nothing (pending, cancelled)
   */
  public List<OutboxItem> messages(
      Incident incident, AlertEvent event, long sequence, String displayName) {
    String prefix = "alert-" + incident.id() + "/";
    String parent = parentKey(incident.id());
    String channel = incident.channel();
    return switch (event) {
      case AlertEvent.Pending pending -> List.of();
      case AlertEvent.Cancelled cancelled -> List.of();
      case AlertEvent.Fired fired ->
          List.of(OutboxItem.post(parent, channel, parentMessage(incident, firing(incident))));
      case AlertEvent.ValueChanged changed ->
          List.of(
              reply(
                  prefix + "value-" + sequence,
                  incident,
                  "Value "
                      + orUnknown(changed.oldValue())
                      + " → "
                      + orUnknown(changed.newValue())
                      + threshold(incident)));
      case AlertEvent.Repeated repeated ->
          List.of(
              reply(
                  prefix + "repeat-" + repeated.count(),
                  incident,
                  "Still firing after "
                      + span(incident.firedAt(), repeated.at())
                      + ", not acknowledged"));
      case AlertEvent.Escalated escalated ->
          List.of(
              reply(
                  prefix + "escalation",
                  incident,
                  onCallMention
                      + " "
                      + incident.summary()
                      + ": unacknowledged for "
                      + span(incident.firedAt(), escalated.at())));
      case AlertEvent.Acknowledged ack -> {
        String line =
            "Acknowledged by "
                + person(displayName, ack.by())
                + " "
                + span(incident.firedAt(), ack.at())
                + " after firing";
        yield editAndReply(
            prefix + "ack",
            incident,
            new Status(severityTone(incident), line, List.of(button(RESOLVE, "Resolve", incident))),
            line);
      }
      case AlertEvent.Snoozed snoozed -> {
        String line =
            "Snoozed by "
                + person(displayName, snoozed.by())
                + " until "
                + clockTime.format(snoozed.until());
        yield editAndReply(
            prefix + "snooze-" + sequence,
            incident,
            new Status(severityTone(incident), line, allButtons(incident)),
            line);
      }
      case AlertEvent.SnoozeExpired expired ->
          editAndReply(
              prefix + "snooze-end-" + sequence,
              incident,
              firing(incident),
              "Snooze ended: still firing, not acknowledged");
      case AlertEvent.Resolved resolved -> {
        String after = span(incident.firedAt(), resolved.at());
        String line =
            resolved.byHand()
                ? "Resolved by " + person(displayName, resolved.by()) + " after " + after
                : "Resolved by itself after " + after;
        yield editAndReply(
            prefix + "resolved", incident, new Status(Tone.GOOD, line, List.of()), line);
      }
    };
  }

  /** How the parent looks in one state: its colour, a status line, the buttons left. */
  private record Status(Tone tone, String line, List<Block.Button> buttons) {
    boolean resolved() {
      return tone == Tone.GOOD;
    }
  }

  private Status firing(Incident incident) {
    return new Status(severityTone(incident), null, allButtons(incident));
  }

  private List<OutboxItem> editAndReply(
      String key, Incident incident, Status status, String replyText) {
    return List.of(
        OutboxItem.update(
            key, incident.channel(), parentKey(incident.id()), parentMessage(incident, status)),
        reply(key + "/reply", incident, replyText));
  }

  private static OutboxItem reply(String key, Incident incident, String text) {
    return OutboxItem.reply(
        key,
        incident.channel(),
        parentKey(incident.id()),
        Message.builder(text).text(text).build());
  }

  private Message parentMessage(Incident incident, Status status) {
    String header =
        (status.resolved() ? "RESOLVED" : severity(incident)) + ": " + incident.summary();
    Message.Builder message = Message.builder(header).tone(status.tone()).header(header);
    message.fields(
        List.of(
            new Block.Field("Service", incident.key().service()),
            new Block.Field("Severity", severity(incident).toLowerCase(Locale.ROOT)),
            new Block.Field("Value", value(incident)),
            new Block.Field("Since", dateTime.format(since(incident)))));
    if (status.line() != null) {
      message.text(status.line());
    }
    List<String> steps = Runbooks.steps(incident.runbook());
    if (!steps.isEmpty()) {
      message.text("Runbook (" + incident.rule().runbook() + "):\n" + String.join("\n", steps));
    }
    if (!status.buttons().isEmpty()) {
      message.buttons(status.buttons());
    }
    return message.context("rule " + incident.rule().id() + " · alert " + incident.id()).build();
  }

  private static List<Block.Button> allButtons(Incident incident) {
    return List.of(
        button(ACK, "Acknowledge", incident),
        button(SNOOZE, "Snooze 1h", incident),
        button(RESOLVE, "Resolve", incident));
  }

  private static Block.Button button(String actionId, String label, Incident incident) {
    Tone style = actionId.equals(ACK) ? Tone.GOOD : Tone.NEUTRAL;
    return new Block.Button(actionId, label, Long.toString(incident.id()), style);
  }

  private static Tone severityTone(Incident incident) {
    return switch (incident.rule().severity() == null
        ? ""
        : incident.rule().severity().toLowerCase(Locale.ROOT)) {
      case "critical" -> Tone.DANGER;
      case "warning" -> Tone.WARNING;
      default -> Tone.NEUTRAL;
    };
  }

  private static String severity(Incident incident) {
    String severity = incident.rule().severity();
    return severity == null || severity.isBlank() ? "ALERT" : severity.toUpperCase(Locale.ROOT);
  }

  /** "7.5 (> 5)"; a status rule's "DOWN" against "DOWN" says it once. */
  private static String value(Incident incident) {
    String value = orUnknown(incident.value());
    String threshold = incident.threshold();
    return threshold == null || threshold.isBlank() || threshold.equals(value)
        ? value
        : value + " (" + threshold + ")";
  }

  private static String threshold(Incident incident) {
    String threshold = incident.threshold();
    return threshold == null || threshold.isBlank() || threshold.equals(incident.value())
        ? ""
        : " (threshold " + threshold + ")";
  }

  private static Instant since(Incident incident) {
    return incident.since() != null ? incident.since() : incident.firedAt();
  }

  private static String span(Instant from, Instant to) {
    return HumanTime.span(Duration.between(from, to));
  }

  /** "@dana"; a platform mention ("<@U123>") or a name already starting with @ is kept. */
  private static String person(String displayName, String by) {
    String name = displayName != null && !displayName.isBlank() ? displayName : by;
    if (name == null || name.isBlank()) {
      return "someone";
    }
    return name.startsWith("@") || name.startsWith("<") ? name : "@" + name;
  }

  private static String orUnknown(String text) {
    return text == null || text.isBlank() ? "?" : text;
  }
}
