package dev.opsbot.alert;

import static dev.opsbot.alert.AlertParentMessage.orUnknown;
import static dev.opsbot.alert.AlertParentMessage.span;

import dev.opsbot.chat.Message;
import dev.opsbot.delivery.OutboxItem;
import java.time.ZoneId;
import java.util.List;
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
  public static final String TIMELINE = "alert.timeline";

  private final AlertParentMessage parents;

  /**
   * @param zone the time zone times are shown in
   */
  public AlertMessages(ZoneId zone) {
    this.parents = new AlertParentMessage(Objects.requireNonNull(zone));
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
      case AlertEvent.Acknowledged ack ->
          editAndReply(
              prefix + "ack",
              thread,
              service + parents.line(standingAfter(ack, displayName), incident));
      case AlertEvent.Snoozed snoozed ->
          editAndReply(
              prefix + "snooze-" + sequence,
              thread,
              service + parents.line(standingAfter(snoozed, displayName), incident));
      case AlertEvent.SnoozeExpired expired ->
          editAndReply(
              prefix + "snooze-end-" + sequence,
              thread,
              service + "Snooze ended: still firing, not acknowledged");
      case AlertEvent.Resolved resolved ->
          editAndReply(
              prefix + "resolved",
              thread,
              service + parents.line(standingAfter(resolved, displayName), incident));
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

  /** The parent message of a thread, as it stands. */
  public Message parentMessage(AlertThread thread) {
    return parents.render(thread);
  }

  private List<OutboxItem> editAndReply(String key, AlertThread thread, String replyText) {
    return List.of(
        OutboxItem.update(key, thread.channel(), parentKey(thread.id()), parentMessage(thread)),
        reply(key + "/reply", thread, replyText));
  }

  private static OutboxItem reply(String key, AlertThread thread, String text) {
    return OutboxItem.reply(
        key, thread.channel(), parentKey(thread.id()), Message.builder(text).text(text).build());
  }

  private static String threshold(Incident incident) {
    String threshold = incident.threshold();
    return threshold == null || threshold.isBlank() || threshold.equals(incident.value())
        ? ""
        : " (threshold " + threshold + ")";
  }

  /** "@dana"; a platform mention ("<@U123>") or a name already starting with @ is kept. */
  static String person(String displayName, String by) {
    String name = displayName != null && !displayName.isBlank() ? displayName : by;
    if (name == null || name.isBlank()) {
      return "someone";
    }
    return name.startsWith("@") || name.startsWith("<") ? name : "@" + name;
  }
}
