package dev.opsbot.alert;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.config.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the parent message of an alert thread as it stands: one alert's card, or a table for
 * several services firing on one rule, with the buttons their states allow.
 */
final class AlertParentMessage {
  private static final int GROUP_ROWS = 25;

  private final DateTimeFormatter clockTime;
  private final DateTimeFormatter dateTime;

  AlertParentMessage(ZoneId zone) {
    this.clockTime = DateTimeFormatter.ofPattern("HH:mm z", Locale.ROOT).withZone(zone);
    this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
  }

  /** The parent message of a thread, as it stands. */
  Message render(AlertThread thread) {
    return thread.entries().size() == 1
        ? singleParent(thread.entries().getFirst())
        : groupParent(thread);
  }

  /** The status line of one alert: "Acknowledged by @dana 3 min after firing". */
  String line(AlertThread.Standing standing, Incident incident) {
    return switch (standing) {
      case AlertThread.Standing.Firing firing -> null;
      case AlertThread.Standing.Acknowledged ack ->
          "Acknowledged by "
              + ack.by()
              + " "
              + span(incident.firedAt(), ack.at())
              + " after firing";
      case AlertThread.Standing.Snoozed snoozed ->
          "Snoozed by " + snoozed.by() + " until " + clockTime.format(snoozed.until());
      case AlertThread.Standing.Resolved resolved ->
          resolved.by() != null
              ? "Resolved by " + resolved.by() + " after " + span(incident.firedAt(), resolved.at())
              : "Resolved by itself after " + span(incident.firedAt(), resolved.at());
    };
  }

  private Message singleParent(AlertThread.Entry entry) {
    Incident incident = entry.incident();
    AlertThread.Standing standing = entry.standing();
    boolean resolved = standing instanceof AlertThread.Standing.Resolved;
    String header = (resolved ? "RESOLVED" : severity(incident)) + ": " + incident.summary();
    Message.Builder message =
        Message.builder(header).tone(resolved ? Tone.GOOD : severityTone(incident)).header(header);
    message.fields(
        List.of(
            new Block.Field("Service", incident.key().service()),
            new Block.Field("Severity", severity(incident).toLowerCase(Locale.ROOT)),
            new Block.Field("Value", value(incident)),
            new Block.Field("Since", dateTime.format(since(incident)))));
    String line = line(standing, incident);
    if (line != null) {
      message.text(line);
    }
    runbook(message, incident);
    List<Block.Button> buttons =
        resolved ? List.of(timelineButton(incident.id())) : buttons(standing, incident.id());
    if (!buttons.isEmpty()) {
      message.buttons(buttons);
    }
    if (!resolved) {
      RunbookButtons.add(message, incident, AlertMessages.parentKey(incident.id()));
    }
    return message.context("rule " + incident.rule().id() + " · alert " + incident.id()).build();
  }

  /** Several services, one rule: a table of them, the runbook once, buttons for them all. */
  private Message groupParent(AlertThread thread) {
    Incident lead = thread.lead();
    boolean resolved = thread.allResolved();
    long open =
        thread.entries().stream()
            .filter(e -> !(e.standing() instanceof AlertThread.Standing.Resolved))
            .count();
    String header =
        (resolved ? "RESOLVED" : severity(lead))
            + ": "
            + lead.rule().id()
            + " on "
            + thread.entries().size()
            + " services"
            + (resolved ? "" : " (" + open + " open)");
    Message.Builder message =
        Message.builder(header).tone(resolved ? Tone.GOOD : severityTone(lead)).header(header);
    message.fields(
        List.of(
            new Block.Field("Severity", severity(lead).toLowerCase(Locale.ROOT)),
            new Block.Field("Since", dateTime.format(since(lead)))));
    message.table(
        List.of("Alert", "Service", "Value", "State"),
        thread.entries().stream()
            .limit(GROUP_ROWS)
            .map(e ->
                List.of(
                    Long.toString(e.incident().id()),
                    e.incident().key().service(),
                    value(e.incident()),
                    shortState(e.standing())))
            .toList());
    runbook(message, lead);
    boolean anyToAcknowledge =
        thread.entries().stream()
            .anyMatch(e -> e.standing().status().canMoveTo(StoredAlertState.ACKNOWLEDGED));
    if (!resolved) {
      message.buttons(
          anyToAcknowledge
              ? List.of(
                  button(AlertMessages.ACK, "Acknowledge all", thread.id()),
                  button(AlertMessages.SNOOZE, "Snooze all 1h", thread.id()),
                  button(AlertMessages.RESOLVE, "Resolve all", thread.id()))
              : List.of(button(AlertMessages.RESOLVE, "Resolve all", thread.id())));
    } else {
      message.buttons(List.of(timelineButton(thread.id())));
    }
    if (thread.entries().size() > GROUP_ROWS) {
      message.text("… and " + (thread.entries().size() - GROUP_ROWS) + " more: /alerts lists them");
    }
    return message
        .context("rule " + lead.rule().id() + " · " + thread.entries().size() + " alerts")
        .build();
  }

  private String shortState(AlertThread.Standing standing) {
    return switch (standing) {
      case AlertThread.Standing.Firing firing -> "firing";
      case AlertThread.Standing.Acknowledged ack -> "ack " + ack.by();
      case AlertThread.Standing.Snoozed snoozed ->
          "snoozed to " + clockTime.format(snoozed.until());
      case AlertThread.Standing.Resolved resolved -> "resolved";
    };
  }

  private static void runbook(Message.Builder message, Incident incident) {
    List<String> steps = Runbooks.steps(incident.runbook());
    if (!steps.isEmpty()) {
      message.text("Runbook (" + incident.rule().runbook() + "):\n" + String.join("\n", steps));
    }
  }

  /** A button for each move the alert's state allows people to make. */
  private static List<Block.Button> buttons(AlertThread.Standing standing, long id) {
    StoredAlertState status = standing.status();
    List<Block.Button> buttons = new ArrayList<>();
    if (status.canMoveTo(StoredAlertState.ACKNOWLEDGED)) {
      buttons.add(button(AlertMessages.ACK, "Acknowledge", id));
    }
    if (status.canMoveTo(StoredAlertState.SNOOZED)) {
      buttons.add(button(AlertMessages.SNOOZE, "Snooze 1h", id));
    }
    if (status.canMoveTo(StoredAlertState.RESOLVED)) {
      buttons.add(button(AlertMessages.RESOLVE, "Resolve", id));
    }
    return buttons;
  }

  /** On a resolved alert: its timeline for the post-mortem, as {@code /timeline} gives it. */
  private static Block.Button timelineButton(long id) {
    return button(AlertMessages.TIMELINE, "Timeline", id);
  }

  private static Block.Button button(String actionId, String label, long id) {
    Tone style = actionId.equals(AlertMessages.ACK) ? Tone.GOOD : Tone.NEUTRAL;
    return new Block.Button(actionId, label, Long.toString(id), style);
  }

  private static Tone severityTone(Incident incident) {
    return switch (incident.rule().severity()) {
      case CRITICAL -> Tone.DANGER;
      case WARNING -> Tone.WARNING;
      case null, default -> Tone.NEUTRAL;
    };
  }

  private static String severity(Incident incident) {
    Severity severity = incident.rule().severity();
    return severity == null ? "ALERT" : severity.id().toUpperCase(Locale.ROOT);
  }

  /** "7.5 (> 5)"; a status rule's "DOWN" against "DOWN" says it once. */
  private static String value(Incident incident) {
    String value = orUnknown(incident.value());
    String threshold = incident.threshold();
    return threshold == null || threshold.isBlank() || threshold.equals(value)
        ? value
        : value + " (" + threshold + ")";
  }

  private static Instant since(Incident incident) {
    return incident.since() != null ? incident.since() : incident.firedAt();
  }

  static String span(Instant from, Instant to) {
    return HumanTime.span(Duration.between(from, to));
  }

  static String orUnknown(String text) {
    return text == null || text.isBlank() ? "?" : text;
  }
}
