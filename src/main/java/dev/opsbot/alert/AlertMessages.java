package dev.opsbot.alert;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.config.Severity;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.OutboxItem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
  private final String discordOnCallMention;
  private final DateTimeFormatter clockTime;
  private final DateTimeFormatter dateTime;

  /**
   * @param onCallMention how the on-call group is mentioned on escalation, e.g. {@code
   *     <!subteam^S0ONCALL>}
   * @param zone the time zone times are shown in
   */
  public AlertMessages(String onCallMention, ZoneId zone) {
    this(onCallMention, null, zone);
  }

  /**
   * As above, with {@code discordOnCallMention} for alerts in Discord channels ({@code <@&role
   * id>}); without one, escalations there name no one.
   */
  public AlertMessages(String onCallMention, String discordOnCallMention, ZoneId zone) {
    this.onCallMention = Objects.requireNonNull(onCallMention);
    this.discordOnCallMention = discordOnCallMention;
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

  /** What to enqueue for one transition of an alert that has a thread of its own. */
  public List<OutboxItem> messages(
      Incident incident, AlertEvent event, long sequence, String displayName) {
    return messages(
        AlertThread.of(incident, standingAfter(event, displayName)),
        incident,
        event,
        sequence,
        displayName);
  }

  /** Where an alert stands after {@code event}, for an alert alone in its thread. */
  static AlertThread.Standing standingAfter(AlertEvent event, String displayName) {
    return switch (event) {
      case AlertEvent.Acknowledged ack ->
          new AlertThread.Standing.Acknowledged(person(displayName, ack.by()), ack.at());
      case AlertEvent.Snoozed snoozed ->
          new AlertThread.Standing.Snoozed(person(displayName, snoozed.by()), snoozed.until());
      case AlertEvent.Resolved resolved ->
          new AlertThread.Standing.Resolved(
              resolved.byHand() ? person(displayName, resolved.by()) : null, resolved.at());
      default -> new AlertThread.Standing.Firing();
    };
  }

  /**
   * What to enqueue for one transition of {@code incident}, one of the alerts of {@code thread}.
   *
   * @param thread the thread as it stands after the transition: its parent is rendered from it
   * @param sequence the transition's number in the alert's history; it keys the transitions that
   *     can happen more than once and carry no count of their own (value changes, snoozes, snooze
   *     ends)
   * @param displayName how the person who acknowledged, snoozed or resolved is shown; null shows
   *     the event's {@code by}
   * @return nothing for transitions that post nothing (pending, cancelled)
   */
  public List<OutboxItem> messages(
      AlertThread thread, Incident incident, AlertEvent event, long sequence, String displayName) {
    String prefix = "alert-" + incident.id() + "/";
    String parent = parentKey(thread.id());
    boolean alone = thread.entries().size() == 1;
    String service = alone ? "" : incident.key().service() + ": ";
    return switch (event) {
      case AlertEvent.Pending pending -> List.of();
      case AlertEvent.Cancelled cancelled -> List.of();
      case AlertEvent.Fired fired ->
          incident.id() == thread.id()
              ? List.of(OutboxItem.post(parent, thread.channel(), parentMessage(thread)))
              : joined(thread, List.of(incident));
      case AlertEvent.ValueChanged changed ->
          List.of(
              reply(
                  prefix + "value-" + sequence,
                  thread,
                  service
                      + "Value "
                      + orUnknown(changed.oldValue())
                      + " → "
                      + orUnknown(changed.newValue())
                      + threshold(incident)),
              OutboxItem.update(
                  prefix + "value-" + sequence + "/parent",
                  thread.channel(),
                  parent,
                  parentMessage(thread)));
      case AlertEvent.Repeated repeated ->
          List.of(
              reply(
                  prefix + "repeat-" + repeated.count(),
                  thread,
                  service
                      + "Still firing after "
                      + span(incident.firedAt(), repeated.at())
                      + ", not acknowledged"));
      case AlertEvent.Escalated escalated ->
          List.of(
              page(
                  prefix + "escalation",
                  thread,
                  incident.summary()
                      + ": unacknowledged for "
                      + span(incident.firedAt(), escalated.at())));
      case AlertEvent.Acknowledged ack ->
          editAndReply(
              prefix + "ack", thread, service + line(standingAfter(ack, displayName), incident));
      case AlertEvent.Snoozed snoozed ->
          editAndReply(
              prefix + "snooze-" + sequence,
              thread,
              service + line(standingAfter(snoozed, displayName), incident));
      case AlertEvent.SnoozeExpired expired ->
          editAndReply(
              prefix + "snooze-end-" + sequence,
              thread,
              service + "Snooze ended: still firing, not acknowledged");
      case AlertEvent.Resolved resolved ->
          editAndReply(
              prefix + "resolved",
              thread,
              service + line(standingAfter(resolved, displayName), incident));
    };
  }

  /**
   * Alerts that joined a thread since its parent was last edited, in one reply: in an alert storm a
   * thousand services down make a few messages, not a thousand.
   */
  public List<OutboxItem> joined(AlertThread thread, List<Incident> joined) {
    String key = "alert-" + joined.getFirst().id() + "/joined";
    String text =
        joined.size() == 1
            ? "Also firing: "
                + joined.getFirst().summary()
                + " (alert "
                + joined.getFirst().id()
                + ")"
            : "Also firing, "
                + joined.size()
                + " more: "
                + joined.stream()
                    .limit(JOINED_NAMED)
                    .map(i -> i.key().service() + " (alert " + i.id() + ")")
                    .collect(java.util.stream.Collectors.joining(", "))
                + (joined.size() > JOINED_NAMED
                    ? " and " + (joined.size() - JOINED_NAMED) + " more (/alerts lists them)"
                    : "");
    return editAndReply(key, thread, text);
  }

  private static final int JOINED_NAMED = 30;
  private static final int GROUP_ROWS = 25;

  /** The status line of one alert: "Acknowledged by @dana 3 min after firing". */
  private String line(AlertThread.Standing standing, Incident incident) {
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

  /** The parent message of a thread, as it stands. */
  public Message parentMessage(AlertThread thread) {
    return thread.entries().size() == 1
        ? singleParent(thread.entries().getFirst())
        : groupParent(thread);
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
    List<Block.Button> buttons = buttons(standing, incident.id());
    if (!buttons.isEmpty()) {
      message.buttons(buttons);
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
                  button(ACK, "Acknowledge all", thread.id()),
                  button(SNOOZE, "Snooze all 1h", thread.id()),
                  button(RESOLVE, "Resolve all", thread.id()))
              : List.of(button(RESOLVE, "Resolve all", thread.id())));
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
      buttons.add(button(ACK, "Acknowledge", id));
    }
    if (status.canMoveTo(StoredAlertState.SNOOZED)) {
      buttons.add(button(SNOOZE, "Snooze 1h", id));
    }
    if (status.canMoveTo(StoredAlertState.RESOLVED)) {
      buttons.add(button(RESOLVE, "Resolve", id));
    }
    return buttons;
  }

  private List<OutboxItem> editAndReply(String key, AlertThread thread, String replyText) {
    return List.of(
        OutboxItem.update(key, thread.channel(), parentKey(thread.id()), parentMessage(thread)),
        reply(key + "/reply", thread, replyText));
  }

  /** A thread reply that notifies the on-call people of the thread's platform. */
  private OutboxItem page(String key, AlertThread thread, String text) {
    String mention = ChatAddress.isDiscord(thread.channel()) ? discordOnCallMention : onCallMention;
    if (mention == null) {
      return reply(key, thread, "On-call: " + text);
    }
    return OutboxItem.reply(
        key,
        thread.channel(),
        parentKey(thread.id()),
        Message.builder(mention + " " + text).page(mention, text).build());
  }

  private static OutboxItem reply(String key, AlertThread thread, String text) {
    return OutboxItem.reply(
        key, thread.channel(), parentKey(thread.id()), Message.builder(text).text(text).build());
  }

  private static Block.Button button(String actionId, String label, long id) {
    Tone style = actionId.equals(ACK) ? Tone.GOOD : Tone.NEUTRAL;
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
  static String person(String displayName, String by) {
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
