package dev.opsbot.alert;

import static java.util.Objects.requireNonNullElse;

import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Severity;
import dev.opsbot.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns probe results into alert transitions: pending, fired, value changed, resolved. A condition
 * fires only after holding for holdFor and resolves only after staying clear for clearFor, so a
 * flapping check or a Render cold start does not page anyone. A result that says nothing (endpoint
 * down, field missing) leaves every alert as it is.
 */
public final class RuleEvaluator {
  private final List<AlertRule> rules;
  private final AlertBoard board;
  private final Clock clock;

  public RuleEvaluator(AlertRules rules, AlertBoard board, Clock clock) {
    this.rules = rules.rules().stream().map(rule -> withDefaults(rule, rules.defaults())).toList();
    this.board = Objects.requireNonNull(board);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The transitions one probe result causes, for every rule that reads its key. */
  public List<AlertEvent> evaluate(ProbeResult result) {
    List<AlertRule> reading =
        rules.stream().filter(rule -> ConditionCheck.reads(rule, result.key())).toList();
    if (reading.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    return board.change(states -> {
      List<AlertEvent> events = new ArrayList<>();
      for (AlertRule rule : reading) {
        AlertKey key = new AlertKey(rule.id(), result.key().subject());
        step(states, key, rule, ConditionCheck.check(rule, result), now, events);
      }
      return List.copyOf(events);
    });
  }

  private static void step(
      Map<AlertKey, AlertState> states,
      AlertKey key,
      AlertRule rule,
      ConditionResult condition,
      Instant now,
      List<AlertEvent> events) {
    AlertState state = states.get(key);
    switch (condition) {
      case ConditionResult.Unknown unknown -> {}
      case ConditionResult.Met met -> {
        switch (state) {
          case null -> {
            if (rule.holdFor().isZero()) {
              fire(states, key, rule, now, met, now, events);
            } else {
              states.put(key, new AlertState.Pending(rule, now, met.value()));
              events.add(new AlertEvent.Pending(key, now, met.value()));
            }
          }
          case AlertState.Pending pending -> {
            if (!now.isBefore(pending.since().plus(rule.holdFor()))) {
              fire(states, key, rule, pending.since(), met, now, events);
            } else {
              states.put(key, new AlertState.Pending(rule, pending.since(), met.value()));
            }
          }
          case AlertState.Firing firing -> {
            valueChange(key, firing.value(), met.value(), now, events);
            states.put(key, firing.met(met.value(), met.threshold(), met.reason()));
          }
        }
      }
      case ConditionResult.NotMet notMet -> {
        switch (state) {
          case null -> {}
          case AlertState.Pending pending -> {
            states.remove(key);
            events.add(new AlertEvent.Cancelled(key, pending.since(), now));
          }
          case AlertState.Firing firing -> {
            valueChange(key, firing.value(), notMet.value(), now, events);
            Instant clearingSince = requireNonNullElse(firing.clearingSince(), now);
            if (!now.isBefore(clearingSince.plus(rule.clearFor()))) {
              states.remove(key);
              events.add(new AlertEvent.Resolved(key, firing.firedAt(), now, null));
            } else {
              states.put(key, firing.observed(notMet.value(), clearingSince));
            }
          }
        }
      }
    }
  }

  private static void fire(
      Map<AlertKey, AlertState> states,
      AlertKey key,
      AlertRule rule,
      Instant since,
      ConditionResult.Met met,
      Instant now,
      List<AlertEvent> events) {
    states.put(
        key,
        new AlertState.Firing(
            rule,
            since,
            now,
            met.value(),
            met.threshold(),
            met.reason(),
            null,
            null,
            null,
            now.plus(rule.repeatEvery()),
            0));
    events.add(
        new AlertEvent.Fired(key, rule, met.value(), met.threshold(), met.reason(), since, now));
  }

  private static void valueChange(
      AlertKey key, String oldValue, String newValue, Instant now, List<AlertEvent> events) {
    if (!Objects.equals(oldValue, newValue)) {
      events.add(new AlertEvent.ValueChanged(key, oldValue, newValue, now));
    }
  }

  static boolean critical(AlertRule rule) {
    return rule.severity() == Severity.CRITICAL;
  }

  private static AlertRule withDefaults(AlertRule rule, AlertDefaults defaults) {
    return new AlertRule(
        rule.id(),
        rule.summary(),
        rule.when(),
        rule.severity(),
        requireNonNullElse(rule.holdFor(), defaults.holdFor()),
        requireNonNullElse(rule.clearFor(), defaults.clearFor()),
        rule.channel(),
        rule.runbook(),
        positive(requireNonNullElse(rule.repeatEvery(), defaults.repeatEvery())),
        requireNonNullElse(rule.escalateAfter(), defaults.escalateAfter()),
        rule.services(),
        rule.policy(),
        rule.actions());
  }

  // A zero repeat interval would repeat on every tick; the validator should refuse it anyway.
  private static Duration positive(Duration repeatEvery) {
    return repeatEvery.isZero() || repeatEvery.isNegative() ? Duration.ofHours(1) : repeatEvery;
  }
}
