package dev.opsbot.alert;

import java.util.List;

/**
 * What the alert desk says outside alert threads: the answer a person gets to an acknowledge,
 * snooze or resolve. The thread messages are {@link AlertMessages}, the pages {@link Pager}.
 */
final class DeskWording {
  private static final java.time.format.DateTimeFormatter CLOCK =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", java.util.Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  private DeskWording() {}

  /** "You acknowledged alerts 1 (service-down@erp), 2 (service-down@mrg)." */
  static String changed(String verb, List<Incident> changed) {
    return "You "
        + verb
        + " alert"
        + (changed.size() == 1 ? " " : "s ")
        + String.join(", ", changed.stream().map(i -> i.id() + " (" + i.key() + ")").toList())
        + ".";
  }

  /** The response changed nothing: where the alert stands already. */
  static String nothingToDo(long id, AlertThread.Standing standing) {
    String where =
        switch (standing) {
          case AlertThread.Standing.Acknowledged ack -> "acknowledged by " + ack.by();
          case AlertThread.Standing.Snoozed snoozed -> "snoozed";
          case AlertThread.Standing.Resolved resolved -> "resolved";
          case AlertThread.Standing.Firing firing -> "firing";
        };
    return "Nothing to do: alert " + id + " is " + where + ".";
  }

  /**
   * The database held another person's move already (made through another replica a moment before):
   * who was first, and when.
   */
  static String someoneElseFirst(StoredAlert stored) {
    String what =
        switch (stored.state()) {
          case ACKNOWLEDGED ->
              "acknowledged by "
                  + AlertMessages.person(stored.acknowledgedBy(), null)
                  + at(stored.acknowledgedAt());
          case SNOOZED ->
              "snoozed by "
                  + AlertMessages.person(stored.snoozedBy(), null)
                  + " until "
                  + CLOCK.format(stored.snoozedUntil());
          case RESOLVED ->
              "resolved"
                  + (stored.resolvedBy() == null
                      ? ""
                      : " by " + AlertMessages.person(stored.resolvedBy(), null))
                  + at(stored.resolvedAt());
          case FIRING, PENDING -> stored.state().id();
        };
    return "Nothing to do: alert " + stored.id() + " was already " + what + ".";
  }

  private static String at(java.time.Instant at) {
    return at == null ? "" : " at " + CLOCK.format(at);
  }

  /** Why an id given by a person names no open alert, from what the store holds under it. */
  static String notOpen(long id, StoredAlert stored) {
    if (stored == null) {
      return "There is no alert " + id + ": /alerts lists the open ones.";
    }
    if (stored.state() == StoredAlertState.RESOLVED) {
      return "Alert "
          + id
          + " ("
          + stored.ruleId()
          + " on "
          + stored.service()
          + ") is already resolved"
          + (stored.resolvedBy() == null ? "" : " by " + stored.resolvedBy())
          + ".";
    }
    if (stored.state() == StoredAlertState.PENDING) {
      return "Alert " + id + " has not fired yet (pending).";
    }
    // Open in the database but not on this replica's desk: another replica has it, or it is
    // being picked up after a restart.
    return "Alert "
        + id
        + " is "
        + stored.state().id()
        + " but not loaded by this opsbot yet: try again in a minute, or use its message's buttons.";
  }

  /** The store could not be asked why. */
  static String notOpenHere(long id, String why) {
    return "Alert " + id + " is not open here, and the state database can't say more: " + why;
  }
}
