package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import java.time.Instant;

/** Where one alert stands; an alert with no state is idle. Immutable: readers get a snapshot. */
public sealed interface AlertState {
  /** The rule, with the defaults filled in. */
  AlertRule rule();

  /** Where it stands in the alert's state machine, which says what may happen to it next. */
  StoredAlertState status();

  /** The condition holds, but not yet for the rule's holdFor. */
  record Pending(AlertRule rule, Instant since, String value) implements AlertState {
    @Override
    public StoredAlertState status() {
      return StoredAlertState.PENDING;
    }
  }

  /** Who acknowledged a firing alert, and when. */
  record Acknowledgement(String by, Instant at) {}

  /**
   * The alert has fired and not yet resolved.
   *
   * @param since when the condition was first seen to hold
   * @param value the latest observed value, met or not
   * @param clearingSince when the condition was first seen clear since it last held; null while it
   *     holds
   * @param acknowledgement null until someone acknowledges it
   * @param snoozedUntil null unless snoozed
   * @param nextRepeatAt when it is next repeated if still unacknowledged
   * @param repeats how many times it has been repeated
   * @param escalateAt when it is escalated if still unacknowledged; null for non-critical rules and
   *     once escalated
   * @param escalated whether the on-call group has been paged
   */
  record Firing(
      AlertRule rule,
      Instant since,
      Instant firedAt,
      String value,
      String threshold,
      String reason,
      Instant clearingSince,
      Acknowledgement acknowledgement,
      Instant snoozedUntil,
      Instant nextRepeatAt,
      int repeats)
      implements AlertState {

    /**
     * Firing from {@code now} with no probe behind it: raised by hand, or received from elsewhere.
     */
    static Firing raised(AlertRule rule, Instant now, String value, String reason) {
      return new Firing(
          rule, now, now, value, null, reason, null, null, null, now.plus(rule.repeatEvery()), 0);
    }

    @Override
    public StoredAlertState status() {
      if (acknowledgement != null) {
        return StoredAlertState.ACKNOWLEDGED;
      }
      return snoozedUntil != null ? StoredAlertState.SNOOZED : StoredAlertState.FIRING;
    }

    public boolean acknowledged() {
      return acknowledgement != null;
    }

    public boolean snoozedAt(Instant now) {
      return snoozedUntil != null && now.isBefore(snoozedUntil);
    }

    Firing observed(String newValue, Instant newClearingSince) {
      return new Firing(
          rule,
          since,
          firedAt,
          newValue,
          threshold,
          reason,
          newClearingSince,
          acknowledgement,
          snoozedUntil,
          nextRepeatAt,
          repeats);
    }

    Firing met(String newValue, String newThreshold, String newReason) {
      return new Firing(
          rule,
          since,
          firedAt,
          newValue,
          newThreshold,
          newReason,
          null,
          acknowledgement,
          snoozedUntil,
          nextRepeatAt,
          repeats);
    }

    Firing acknowledgedBy(Acknowledgement ack) {
      return new Firing(
          rule,
          since,
          firedAt,
          value,
          threshold,
          reason,
          clearingSince,
          ack,
          null,
          nextRepeatAt,
          repeats);
    }

    Firing snoozed(Instant until) {
      return new Firing(
          rule,
          since,
          firedAt,
          value,
          threshold,
          reason,
          clearingSince,
          acknowledgement,
          until,
          nextRepeatAt,
          repeats);
    }

    Firing timers(Instant newSnoozedUntil, Instant newNextRepeatAt, int newRepeats) {
      return new Firing(
          rule,
          since,
          firedAt,
          value,
          threshold,
          reason,
          clearingSince,
          acknowledgement,
          newSnoozedUntil,
          newNextRepeatAt,
          newRepeats);
    }
  }
}
