package dev.opsbot.alert;

import java.util.Optional;

/**
 * Brings this replica's view of one alert (the board that drives its timers, the thread index that
 * renders its parent message) in line with what the state database holds, when the database shows
 * that another replica moved it: acknowledged, snoozed, ended a snooze or resolved it there. The
 * database is the truth; memory only saves asking it when nothing changed.
 */
final class AlertSync {
  private final AlertBoard board;
  private final ThreadIndex index;

  AlertSync(AlertBoard board, ThreadIndex index) {
    this.board = board;
    this.index = index;
  }

  void adopt(StoredAlert stored) {
    AlertKey key = new AlertKey(stored.ruleId(), stored.service());
    if (!index.openId(key).equals(Optional.of(stored.id()))) {
      return; // not this alert's generation: a newer one of the same rule and service is open
    }
    switch (stored.state()) {
      case PENDING -> {}
      case RESOLVED -> {
        board.change(states -> states.remove(key));
        show(
            stored,
            new AlertThread.Standing.Resolved(
                stored.resolvedBy() == null
                    ? null
                    : AlertMessages.person(stored.resolvedBy(), null),
                stored.resolvedAt()));
        index.forget(stored.id(), key);
      }
      case ACKNOWLEDGED -> {
        AlertState.Acknowledgement ack =
            new AlertState.Acknowledgement(stored.acknowledgedBy(), stored.acknowledgedAt());
        changeFiring(key, firing -> firing.acknowledgedBy(ack));
        show(
            stored,
            new AlertThread.Standing.Acknowledged(
                AlertMessages.person(stored.acknowledgedBy(), null), stored.acknowledgedAt()));
      }
      case SNOOZED -> {
        changeFiring(key, firing -> firing.snoozed(stored.snoozedUntil()));
        show(
            stored,
            new AlertThread.Standing.Snoozed(
                AlertMessages.person(stored.snoozedBy(), null), stored.snoozedUntil()));
      }
      case FIRING -> {
        changeFiring(key, firing -> firing.snoozedUntil() == null ? firing : firing.snoozed(null));
        show(stored, new AlertThread.Standing.Firing());
      }
    }
  }

  private void changeFiring(AlertKey key, java.util.function.UnaryOperator<AlertState.Firing> f) {
    board.change(states -> {
      if (states.get(key) instanceof AlertState.Firing firing) {
        states.put(key, f.apply(firing));
      }
      return null;
    });
  }

  private void show(StoredAlert stored, AlertThread.Standing standing) {
    if (index.shown(stored.id())) {
      index.update(index.incident(stored.id()), standing);
    }
  }
}
