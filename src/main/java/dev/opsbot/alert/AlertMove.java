package dev.opsbot.alert;

/**
 * What asking the store to move an alert came to. Only {@link Moved} changed anything: the others
 * are normal when two replicas, or one before and after a restart, act on the same alert.
 */
public sealed interface AlertMove {
  /** The alert as it stands now: after the move, or as it was when there was none. */
  StoredAlert alert();

  /** The alert moved and the transition was recorded. */
  record Moved(StoredAlert alert) implements AlertMove {}

  /** The alert already stood where it was to go: another replica made the move first. */
  record AlreadyThere(StoredAlert alert) implements AlertMove {
    public String reason() {
      return "alert " + alert.id() + " is already " + alert.state().id();
    }
  }

  /** {@link StoredAlertState} has no such move from where the alert stands. */
  record NotAllowed(StoredAlert alert, StoredAlertState to) implements AlertMove {
    public String reason() {
      return "alert " + alert.id() + " is " + alert.state().id() + ": it cannot become " + to.id();
    }
  }
}
