package dev.opsbot.config;

import java.time.Duration;
import java.util.List;

/**
 * One threshold rule of {@code alerts/rules.yaml}.
 *
 * @param summary a template: {service}, {value}, {threshold}, {reason}
 * @param severity null only in a rule the validator refuses
 * @param holdFor how long the condition must hold before the alert fires
 * @param clearFor how long it must be clear before the alert resolves
 * @param channel where it is posted; null routes by severity ({@code routes})
 * @param runbook the name of a file in alerts/runbooks, without .md
 * @param repeatEvery how often a still-firing, unacknowledged alert is repeated
 * @param escalateAfter for critical alerts without escalation policies: unacknowledged this long,
 *     the on-call group is paged
 * @param services the services it applies to; empty means every service it can read
 * @param policy the escalation policy of config/oncall.yaml it pages by; null takes its severity's
 *     ({@code escalation.policies})
 * @param actions runbook actions offered as buttons on the alert: {@code restart}, {@code
 *     rollback}, {@code logs 15m}, {@code sql <saved query>}
 */
public record AlertRule(
    String id,
    String summary,
    AlertCondition when,
    Severity severity,
    Duration holdFor,
    Duration clearFor,
    String channel,
    String runbook,
    Duration repeatEvery,
    Duration escalateAfter,
    List<String> services,
    String policy,
    List<String> actions) {
  public AlertRule {
    services = services == null ? List.of() : List.copyOf(services);
    policy = policy == null || policy.isBlank() ? null : policy;
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** A rule that takes its severity's escalation policy and offers no runbook actions. */
  public AlertRule(
      String id,
      String summary,
      AlertCondition when,
      Severity severity,
      Duration holdFor,
      Duration clearFor,
      String channel,
      String runbook,
      Duration repeatEvery,
      Duration escalateAfter,
      List<String> services) {
    this(
        id,
        summary,
        when,
        severity,
        holdFor,
        clearFor,
        channel,
        runbook,
        repeatEvery,
        escalateAfter,
        services,
        null,
        null);
  }

  /** This rule with the timings it leaves out taken from {@code defaults}. */
  public AlertRule withDefaults(AlertDefaults defaults) {
    return new AlertRule(
        id,
        summary,
        when,
        severity,
        holdFor != null ? holdFor : defaults.holdFor(),
        clearFor != null ? clearFor : defaults.clearFor(),
        channel,
        runbook,
        repeatEvery != null ? repeatEvery : defaults.repeatEvery(),
        escalateAfter != null ? escalateAfter : defaults.escalateAfter(),
        services,
        policy,
        actions);
  }
}
