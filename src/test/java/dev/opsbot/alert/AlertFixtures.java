package dev.opsbot.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opsbot.config.AlertCondition;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.Severity;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Rules and probe results as the fleet of FLEET.md produces them. */
final class AlertFixtures {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AlertFixtures() {}

  /** The rules file's single page (no on-call schedules), e-mailed too. */
  static Escalation singlePage(dev.opsbot.config.AlertRules rules) {
    return new Escalation(
        EscalationPolicies.singlePage(rules),
        dev.opsbot.oncall.OnCallRoster.of(
            dev.opsbot.config.OnCallConfig.NONE, dev.opsbot.oncall.OverrideSource.NONE),
        true);
  }

  static AlertRule statusRule(String id, String status, String severity, Duration holdFor) {
    return new AlertRule(
        id,
        "{service} is " + status.toLowerCase() + ": {reason}",
        new AlertCondition(status, null, null, null, null, null),
        Severity.of(severity),
        holdFor,
        Duration.ofMinutes(2),
        null,
        "service-not-responding",
        Duration.ofMinutes(30),
        Duration.ofMinutes(10),
        List.of());
  }

  static AlertRule fieldRule(
      String id, String endpoint, String field, Double above, Double below, Object equals) {
    return new AlertRule(
        id,
        "{service}: " + field + " is {value} ({threshold})",
        new AlertCondition(null, endpoint, field, above, below, equals),
        Severity.WARNING,
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        null,
        null,
        Duration.ofMinutes(30),
        Duration.ofMinutes(10),
        List.of());
  }

  static AlertRule errorRateAbove5() {
    return fieldRule("error-rate", "metrics", "errorRate", 5.0, null, null);
  }

  static AlertRule aureaNotRunning() {
    AlertRule rule = fieldRule("aurea-down", "usage", "aureaRunning", null, null, false);
    return new AlertRule(
        rule.id(),
        "AUREA is not running on {service}",
        rule.when(),
        Severity.CRITICAL,
        rule.holdFor(),
        rule.clearFor(),
        null,
        "aurea-not-running",
        rule.repeatEvery(),
        rule.escalateAfter(),
        List.of("ai-agents"));
  }

  static AlertRule schedulerJobsBelow61() {
    return fieldRule("scheduler-jobs", "scheduler", "registeredJobs", null, 61.0, null);
  }

  static ProbeResult health(String service, ProbeStatus status, String reason, Clock clock) {
    return new ProbeResult(
        ProbeKey.health(service),
        status,
        status == ProbeStatus.DOWN ? 503 : 200,
        Duration.ofMillis(120),
        null,
        null,
        reason,
        Map.of(),
        clock.instant());
  }

  static ProbeResult endpoint(
      String service, String endpoint, String field, JsonNode value, Clock clock) {
    return new ProbeResult(
        ProbeKey.endpoint(service, endpoint),
        ProbeStatus.UP,
        200,
        Duration.ofMillis(80),
        null,
        null,
        null,
        Map.of(field, value),
        clock.instant());
  }

  static ProbeResult endpointDown(String service, String endpoint, Clock clock) {
    return new ProbeResult(
        ProbeKey.endpoint(service, endpoint),
        ProbeStatus.DOWN,
        null,
        Duration.ofSeconds(5),
        null,
        null,
        "timed out after 5 s",
        Map.of(),
        clock.instant());
  }

  static ProbeResult errorRate(String service, double rate, Clock clock) {
    return endpoint(service, "metrics", "errorRate", JSON.numberNode(rate), clock);
  }
}
