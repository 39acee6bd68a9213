package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import java.time.Instant;

/** A transition of one alert, for the store to record and the notifier to post. */
public sealed interface AlertEvent {
  /**
   * When it happened: what keys transitions that repeat (value changes, snoozes), stable on replay.
   */
  default Instant happenedAt() {
    return switch (this) {
      case Pending p -> p.since();
      case Cancelled c -> c.at();
      case Fired f -> f.at();
      case ValueChanged v -> v.at();
      case Resolved r -> r.at();
      case Repeated r -> r.at();
      case Acknowledged a -> a.at();
      case Snoozed s -> s.at();
      case SnoozeExpired s -> s.at();
    };
  }

  AlertKey key();

  /** The condition started to hold; it fires if it still holds after holdFor. */
  record Pending(AlertKey key, Instant since, String value) implements AlertEvent {}

  /** A pending condition cleared before holdFor: nothing was posted, nothing is open. */
  record Cancelled(AlertKey key, Instant since, Instant at) implements AlertEvent {}

  /** The condition held for holdFor: post the alert. */
  record Fired(
      AlertKey key,
      AlertRule rule,
      String value,
      String threshold,
      String reason,
      Instant since,
      Instant at)
      implements AlertEvent {}

  /** The observed value of a firing alert changed: update its thread. */
  record ValueChanged(AlertKey key, String oldValue, String newValue, Instant at)
      implements AlertEvent {}

  /**
   * The alert closed: its condition stayed clear for clearFor, or someone resolved it by hand.
   *
   * @param by who resolved it by hand; null when the condition cleared
   */
  record Resolved(AlertKey key, Instant firedAt, Instant at, String by) implements AlertEvent {
    public boolean byHand() {
      return by != null;
    }
  }

  /** Still firing and unacknowledged after another repeatEvery; count starts at 1. */
  record Repeated(AlertKey key, int count, Instant at) implements AlertEvent {}

  record Acknowledged(AlertKey key, String by, Instant at) implements AlertEvent {}

  record Snoozed(AlertKey key, String by, Instant until, Instant at) implements AlertEvent {}

  /** A snooze ran out with the alert still firing and unacknowledged: it speaks again. */
  record SnoozeExpired(AlertKey key, Instant at) implements AlertEvent {}
}
