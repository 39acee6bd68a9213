package dev.opsbot.intake;

import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.ExternalAlert;
import dev.opsbot.alert.ExternalOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes one {@link IntakeAlert}: a delivery the database already holds the same of is counted and
 * changes nothing; otherwise the alert desk fires, updates or resolves the opsbot alert (in its own
 * transaction, with its posts enqueued), and only then is the intake row written with its members
 * (one transaction). A failure between the two leaves no row, so the source's retry does it again:
 * the desk fires once per rule and service, so the retry updates rather than duplicates.
 */
final class IntakeProcessor {
  enum Result {
    STORED,
    DUPLICATE,
    NOT_STORED
  }

  private final AlertDesk desk;
  private final IntakeStore store;
  private final Clock clock;

  IntakeProcessor(AlertDesk desk, IntakeStore store, Clock clock) {
    this.desk = desk;
    this.store = store;
    this.clock = clock;
  }

  /**
   * @throws dev.opsbot.state.StateUnavailableException when the state database does not answer
   * @throws IllegalStateException when the desk is too busy to answer in time
   */
  Result take(IntakeAlert alert) {
    Instant now = clock.instant();
    Optional<IntakeStore.Earlier> earlier = store.earlier(alert.source(), alert.dedupKey());
    if (earlier.isPresent() && same(earlier.get(), alert)) {
      store.repeated(alert.source(), alert.dedupKey(), now);
      return Result.DUPLICATE;
    }
    Long alertId = null;
    if (alert.firing()) {
      if (earlier.isPresent() && moved(earlier.get(), alert)) {
        // Its severity or service changed: the opsbot alert it fired into is left behind.
        if (!resolveUnlessShared(alert, earlier.get().ruleId(), earlier.get().service())) {
          return Result.NOT_STORED;
        }
      }
      ExternalOutcome outcome = desk.external(alert.external());
      if (!outcome.stored()) {
        return Result.NOT_STORED;
      }
      alertId = outcome.alertId();
    } else {
      String ruleId = earlier.map(IntakeStore.Earlier::ruleId).orElse(alert.ruleId());
      String service = earlier.map(IntakeStore.Earlier::service).orElse(alert.service());
      if (!resolveUnlessShared(alert, ruleId, service)) {
        return Result.NOT_STORED;
      }
    }
    store.record(alert, alertId, now);
    return Result.STORED;
  }

  /** The same content, and (when firing) its opsbot alert still open; a resolved one stays so. */
  private static boolean same(IntakeStore.Earlier earlier, IntakeAlert alert) {
    return earlier.contentHash().equals(alert.contentHash())
        && earlier.firing() == alert.firing()
        && (!alert.firing() || (earlier.alertOpen() && !moved(earlier, alert)));
  }

  private static boolean moved(IntakeStore.Earlier earlier, IntakeAlert alert) {
    return !earlier.ruleId().equals(alert.ruleId()) || !earlier.service().equals(alert.service());
  }

  /**
   * Resolves the opsbot alert unless another dedup key still fires into it; false if not stored.
   */
  private boolean resolveUnlessShared(IntakeAlert alert, String ruleId, String service) {
    if (store.othersFiring(alert, ruleId, service)) {
      return true;
    }
    ExternalOutcome outcome =
        desk.external(new ExternalAlert(ruleId, service, false, alert.summary(), "resolved"));
    return outcome.stored();
  }
}
