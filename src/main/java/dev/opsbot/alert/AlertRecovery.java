package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up, at start-up, the alerts an earlier run (or another replica) left open: each goes back
 * on the board with its timers and into its thread as the state database recorded them, so no
 * second parent is posted and acknowledgements hold. Alerts of rules no longer in rules.yaml are
 * resolved.
 */
final class AlertRecovery {
  private static final Logger log = LoggerFactory.getLogger(AlertRecovery.class);

  private final AlertRules rules;
  private final Map<String, AlertRule> rulesById;
  private final Runbooks runbooks;
  private final AlertStore store;
  private final AlertBoard board;
  private final ThreadIndex index;
  private final StoreThenPost applier;
  private final Clock clock;

  AlertRecovery(
      AlertRules rules,
      Map<String, AlertRule> rulesById,
      Runbooks runbooks,
      AlertStore store,
      AlertBoard board,
      ThreadIndex index,
      StoreThenPost applier,
      Clock clock) {
    this.rules = rules;
    this.rulesById = rulesById;
    this.runbooks = runbooks;
    this.store = store;
    this.board = board;
    this.index = index;
    this.applier = applier;
    this.clock = clock;
  }

  void resume() {
    List<StoredAlert> open;
    try {
      open = store.openAlerts();
    } catch (StateUnavailableException e) {
      log.warn(
          "event=alert_resume_failed reason=\"{}\" note=\"open alerts are picked up again as the"
              + " probes see them; their messages keep their keys\"",
          e.getMessage());
      return;
    }
    Instant now = clock.instant();
    int resumed = 0;
    for (StoredAlert stored : open) {
      AlertRule rule = rulesById.get(stored.ruleId());
      AlertKey key = new AlertKey(stored.ruleId(), stored.service());
      if (rule == null) {
        try {
          applier.move(
              stored.id(), StoredAlertState.RESOLVED, null, now, "rule no longer in rules.yaml");
        } catch (StateUnavailableException e) {
          log.warn("event=alert_resume_failed alert={} reason=\"{}\"", stored.id(), e.getMessage());
        }
        continue;
      }
      resume(stored, rule, key, now);
      resumed++;
    }
    log.info("event=alerts_resumed open={}", resumed);
  }

  /**
   * Takes up one open alert this desk does not know (another replica opened it since start-up):
   * false when its rule is not one of this desk's.
   */
  boolean adopt(StoredAlert stored) {
    AlertRule rule = rulesById.get(stored.ruleId());
    if (rule == null) {
      return false;
    }
    resume(stored, rule, new AlertKey(stored.ruleId(), stored.service()), clock.instant());
    return true;
  }

  private void resume(StoredAlert stored, AlertRule rule, AlertKey key, Instant now) {
    index.opened(key, stored.id());
    if (stored.state() == StoredAlertState.PENDING) {
      board.change(states ->
          states.put(key, new AlertState.Pending(rule, stored.openedAt(), stored.value())));
      return;
    }
    resumeFiring(stored, rule, key, now);
  }

  private void resumeFiring(StoredAlert stored, AlertRule rule, AlertKey key, Instant now) {
    Instant firedAt = stored.firedAt() != null ? stored.firedAt() : stored.openedAt();
    board.change(states -> states.put(key, firing(stored, rule, firedAt, now)));
    if (stored.incidentId() == null && store.silences().held(stored.id())) {
      return; // its fire was silenced: shown when the silence releases it (SilenceDesk)
    }
    String channel =
        stored.channel() != null ? stored.channel() : rules.channelFor(rule).orElse("#unrouted");
    Incident incident =
        new Incident(
            stored.id(),
            key,
            rule,
            channel,
            stored.value(),
            stored.threshold(),
            stored.reason(),
            stored.openedAt(),
            firedAt,
            runbooks.forRule(rule));
    long threadId = stored.incidentId() != null ? stored.incidentId() : stored.id();
    index.show(incident, threadId, channel, standing(stored));
    index.valuePosted(stored.id(), now);
  }

  /**
   * The board's state of a fired alert, its repeat clock running from firing (its escalation is
   * read from the database at each tick: {@link Escalator}).
   */
  private static AlertState.Firing firing(
      StoredAlert stored, AlertRule rule, Instant firedAt, Instant now) {
    AlertState.Acknowledgement ack =
        stored.state() == StoredAlertState.ACKNOWLEDGED
            ? new AlertState.Acknowledgement(stored.acknowledgedBy(), stored.acknowledgedAt())
            : null;
    // Repeats count from the firing, so the next one gets the next number and key.
    long periods = Duration.between(firedAt, now).dividedBy(rule.repeatEvery());
    Instant nextRepeatAt = firedAt.plus(rule.repeatEvery().multipliedBy(periods + 1));
    Instant snoozedUntil =
        stored.state() == StoredAlertState.SNOOZED ? stored.snoozedUntil() : null;
    return new AlertState.Firing(
        rule,
        stored.openedAt(),
        firedAt,
        stored.value(),
        stored.threshold(),
        stored.reason(),
        null,
        ack,
        snoozedUntil,
        nextRepeatAt,
        (int) periods);
  }

  /** Where the alert stands in its thread, as the store recorded it. */
  private static AlertThread.Standing standing(StoredAlert stored) {
    return switch (stored.state()) {
      case ACKNOWLEDGED ->
          new AlertThread.Standing.Acknowledged(
              AlertMessages.person(stored.acknowledgedBy(), null), stored.acknowledgedAt());
      case SNOOZED ->
          new AlertThread.Standing.Snoozed(
              AlertMessages.person(stored.snoozedBy(), null), stored.snoozedUntil());
      default -> new AlertThread.Standing.Firing();
    };
  }
}
