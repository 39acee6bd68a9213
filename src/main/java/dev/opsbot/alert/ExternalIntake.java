package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies an {@link ExternalAlert} through the desk's own transitions, as {@code /page} does
 * ({@link ManualPage}): a firing one is fired once per rule and service (an open one, here or on
 * another replica, is updated instead), a resolved one resolves the open one. Runs on the desk's
 * thread.
 */
final class ExternalIntake {
  private final AlertRules rules;
  private final Map<String, AlertRule> rulesById;
  private final AlertBoard board;
  private final ThreadIndex index;
  private final DeferredTransitions transitions;
  private final AlertStore store;
  private final AlertRecovery recovery;

  ExternalIntake(
      AlertRules rules,
      Map<String, AlertRule> rulesById,
      AlertBoard board,
      ThreadIndex index,
      DeferredTransitions transitions,
      AlertStore store,
      AlertRecovery recovery) {
    this.rules = rules;
    this.rulesById = rulesById;
    this.board = board;
    this.index = index;
    this.transitions = transitions;
    this.store = store;
    this.recovery = recovery;
  }

  ExternalOutcome apply(ExternalAlert alert, Instant now, Escalator escalator) {
    AlertRule rule = rulesById.get(alert.ruleId());
    if (rule == null) {
      throw new IllegalArgumentException("no external rule '" + alert.ruleId() + "'");
    }
    if (rules.channelFor(rule).isEmpty()) {
      throw new IllegalStateException(
          "no channel for "
              + rule.severity().id()
              + " alerts of "
              + rule.id()
              + ": set routes in the rules file, or a channel on the intake route");
    }
    AlertKey key = new AlertKey(rule.id(), alert.service());
    Optional<Long> open = openHereOrElsewhere(key);
    return alert.firing() ? fire(alert, rule, key, open, now, escalator) : resolve(key, open, now);
  }

  /** Open on this desk, or opened by another replica: then taken up here first. */
  private Optional<Long> openHereOrElsewhere(AlertKey key) {
    Optional<Long> open = index.openId(key);
    if (open.isPresent()) {
      return open;
    }
    Optional<StoredAlert> stored = store.findOpen(key.ruleId(), key.service());
    if (stored.isPresent() && recovery.adopt(stored.get())) {
      return index.openId(key);
    }
    return Optional.empty();
  }

  private ExternalOutcome fire(
      ExternalAlert alert,
      AlertRule rule,
      AlertKey key,
      Optional<Long> open,
      Instant now,
      Escalator escalator) {
    if (open.isPresent()) {
      Optional<AlertState> state = board.state(key);
      if (state.isPresent()
          && state.get() instanceof AlertState.Firing firing
          && !Objects.equals(firing.value(), alert.value())) {
        board.change(states -> states.put(key, firing.observed(alert.value(), null)));
        transitions.applyOne(
            new AlertEvent.ValueChanged(key, firing.value(), alert.value(), now), null);
      }
      return new ExternalOutcome(ExternalOutcome.Result.UPDATED, open.get());
    }
    board.change(states ->
        states.put(key, AlertState.Firing.raised(rule, now, alert.value(), alert.summary())));
    transitions.applyOne(
        new AlertEvent.Fired(key, rule, alert.value(), null, alert.summary(), now, now), null);
    escalator.tick(now); // a first step with after: 0 pages as the alert fires
    Optional<Long> id = index.openId(key);
    return id.isPresent()
        ? new ExternalOutcome(ExternalOutcome.Result.FIRED, id.get())
        : new ExternalOutcome(ExternalOutcome.Result.NOT_STORED, null);
  }

  private ExternalOutcome resolve(AlertKey key, Optional<Long> open, Instant now) {
    if (open.isEmpty()) {
      return new ExternalOutcome(ExternalOutcome.Result.NOT_OPEN, null);
    }
    Instant firedAt =
        board
            .state(key)
            .filter(AlertState.Firing.class::isInstance)
            .map(s -> ((AlertState.Firing) s).firedAt())
            .orElse(now);
    board.change(states -> states.remove(key));
    Optional<AlertMove> move =
        transitions.applyOne(new AlertEvent.Resolved(key, firedAt, now, null), null);
    return move.isPresent()
        ? new ExternalOutcome(ExternalOutcome.Result.RESOLVED, open.get())
        : new ExternalOutcome(ExternalOutcome.Result.NOT_STORED, open.get());
  }
}
