package dev.opsbot.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What people do to a firing alert: acknowledge it (no more repeats or escalation), snooze it
 * (silent until a time), or resolve it by hand. Each answers the event to record and post, or
 * nothing when the alert has not fired or {@link StoredAlertState} has no such move from where it
 * stands (already acknowledged, say).
 */
public final class AlertResponses {
  private final AlertBoard board;
  private final Clock clock;

  public AlertResponses(AlertBoard board, Clock clock) {
    this.board = Objects.requireNonNull(board);
    this.clock = Objects.requireNonNull(clock);
  }

  public Optional<AlertEvent> acknowledge(AlertKey key, String by) {
    Instant now = clock.instant();
    return board.change(states -> {
      if (!(states.get(key) instanceof AlertState.Firing firing)
          || !firing.status().canMoveTo(StoredAlertState.ACKNOWLEDGED)) {
        return Optional.empty();
      }
      states.put(key, firing.acknowledgedBy(new AlertState.Acknowledgement(by, now)));
      return Optional.of(new AlertEvent.Acknowledged(key, by, now));
    });
  }

  /** Silences repeats and escalation until {@code until}; a later snooze replaces an earlier. */
  public Optional<AlertEvent> snooze(AlertKey key, String by, Instant until) {
    Instant now = clock.instant();
    return board.change(states -> {
      if (!(states.get(key) instanceof AlertState.Firing firing)
          || !firing.status().canMoveTo(StoredAlertState.SNOOZED)
          || !until.isAfter(now)) {
        return Optional.empty();
      }
      states.put(key, firing.snoozed(until));
      return Optional.of(new AlertEvent.Snoozed(key, by, until, now));
    });
  }

  /**
   * Closes a firing alert now. If its condition still holds, the next probe result starts a new
   * pending alert that fires again only after holdFor: a hand resolve is a statement that it is
   * fixed, and a short holdFor later the probes agree or disagree.
   */
  public Optional<AlertEvent> resolve(AlertKey key, String by) {
    Instant now = clock.instant();
    return board.change(states -> {
      if (!(states.get(key) instanceof AlertState.Firing firing)
          || !firing.status().canMoveTo(StoredAlertState.RESOLVED)) {
        return Optional.empty();
      }
      states.remove(key);
      return Optional.of(new AlertEvent.Resolved(key, firing.firedAt(), now, by));
    });
  }
}
