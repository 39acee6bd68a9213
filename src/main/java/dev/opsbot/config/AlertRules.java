package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of {@code alerts/rules.yaml}: defaults, the channel for each severity, the rules,
 * and who is paged on escalation.
 */
public record AlertRules(
    AlertDefaults defaults,
    Map<String, String> routes,
    List<AlertRule> rules,
    AlertEscalation escalation) {
  public static final AlertRules NONE = new AlertRules(null, null, null, null);

  public AlertRules(AlertDefaults defaults, Map<String, String> routes, List<AlertRule> rules) {
    this(defaults, routes, rules, null);
  }

  public AlertRules {
    defaults = defaults == null ? AlertDefaults.DEFAULT : defaults;
    escalation = escalation == null ? AlertEscalation.NONE : escalation;
    routes = routes == null ? Map.of() : new LinkedHashMap<>(routes);
    rules =
        rules == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rules));
  }

  /** The rules as they apply: each with the defaults filled in for the timings it leaves out. */
  public List<AlertRule> effectiveRules() {
    return rules.stream().map(rule -> rule.withDefaults(defaults)).toList();
  }

  /** Where an alert of {@code rule} is posted: its own channel, or its severity's route. */
  public Optional<String> channelFor(AlertRule rule) {
    return Optional.ofNullable(
        rule.channel() != null
            ? rule.channel()
            : rule.severity() == null ? null : routes.get(rule.severity().id()));
  }

  /** Every channel some rule posts to, in the order of the rules. */
  public List<String> channels() {
    return rules.stream().map(this::channelFor).flatMap(Optional::stream).distinct().toList();
  }
}
