package dev.opsbot.alert;

import static dev.opsbot.alert.AlertFixtures.JSON;
import static dev.opsbot.alert.AlertFixtures.aureaNotRunning;
import static dev.opsbot.alert.AlertFixtures.endpoint;
import static dev.opsbot.alert.AlertFixtures.endpointDown;
import static dev.opsbot.alert.AlertFixtures.errorRate;
import static dev.opsbot.alert.AlertFixtures.errorRateAbove5;
import static dev.opsbot.alert.AlertFixtures.fieldRule;
import static dev.opsbot.alert.AlertFixtures.health;
import static dev.opsbot.alert.AlertFixtures.schedulerJobsBelow61;
import static dev.opsbot.alert.AlertFixtures.statusRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.AlertRule;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionCheckTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void errorRateAboveFivePercentIsMetWithValueAndThreshold() {
    ConditionResult result =
        ConditionCheck.check(errorRateAbove5(), errorRate("backend", 7.5, clock));

    assertThat(result).isEqualTo(new ConditionResult.Met("7.5", "> 5", "errorRate 7.5 > 5"));
    assertThat(ConditionCheck.check(errorRateAbove5(), errorRate("backend", 5.0, clock)))
        .isEqualTo(new ConditionResult.NotMet("5.0"));
  }

  @Test
  void fiftyEightRegisteredJobsIsBelowSixtyOneButSixtyOneIsNot() {
    AlertRule rule = schedulerJobsBelow61();

    assertThat(ConditionCheck.check(rule, jobs(58)))
        .isEqualTo(new ConditionResult.Met("58", "< 61", "registeredJobs 58 < 61"));
    assertThat(ConditionCheck.check(rule, jobs(61))).isEqualTo(new ConditionResult.NotMet("61"));
  }

  @Test
  void aureaRunningFalseIsMetWhetherJsonBooleanOrText() {
    AlertRule rule = aureaNotRunning();

    assertThat(ConditionCheck.check(rule, aurea(JSON.booleanNode(false))))
        .isEqualTo(new ConditionResult.Met("false", "= false", "aureaRunning false = false"));
    assertThat(ConditionCheck.check(rule, aurea(JSON.textNode("False"))))
        .isInstanceOf(ConditionResult.Met.class);
    assertThat(ConditionCheck.check(rule, aurea(JSON.booleanNode(true))))
        .isEqualTo(new ConditionResult.NotMet("true"));
  }

  @Test
  void equalsComparesNumbersByValueAndTextIgnoringCase() {
    AlertRule jobs61 = fieldRule("jobs", "scheduler", "registeredJobs", null, null, 61);
    AlertRule autonomy = fieldRule("autonomy", "usage", "autonomy", null, null, "supervised");

    assertThat(ConditionCheck.check(jobs61, jobs(61))).isInstanceOf(ConditionResult.Met.class);
    assertThat(
            ConditionCheck.check(
                jobs61,
                endpoint("ai-agents", "scheduler", "registeredJobs", JSON.numberNode(61.0), clock)))
        .isInstanceOf(ConditionResult.Met.class);
    assertThat(
            ConditionCheck.check(
                autonomy,
                endpoint("ai-agents", "usage", "autonomy", JSON.textNode("SUPERVISED"), clock)))
        .isInstanceOf(ConditionResult.Met.class);
  }

  @Test
  void numberSentAsTextIsComparedAsANumber() {
    ProbeResult result = endpoint("backend", "metrics", "errorRate", JSON.textNode("7.5"), clock);

    assertThat(ConditionCheck.check(errorRateAbove5(), result))
        .isInstanceOf(ConditionResult.Met.class);
  }

  @Test
  void unreachableMetricsEndpointIsUnknownNotRecovered() {
    assertThat(ConditionCheck.check(errorRateAbove5(), endpointDown("backend", "metrics", clock)))
        .isEqualTo(new ConditionResult.Unknown("metrics is DOWN: timed out after 5 s"));
  }

  @Test
  void missingOrNonNumericFieldIsUnknown() {
    ProbeResult missing =
        new ProbeResult(
            ProbeKey.endpoint("backend", "metrics"),
            ProbeStatus.DEGRADED,
            200,
            Duration.ofMillis(80),
            null,
            null,
            "missing field /errorRate",
            Map.of(),
            clock.instant());
    ProbeResult text = endpoint("backend", "metrics", "errorRate", JSON.textNode("n/a"), clock);

    assertThat(ConditionCheck.check(errorRateAbove5(), missing))
        .isEqualTo(new ConditionResult.Unknown("no field errorRate in metrics"));
    assertThat(ConditionCheck.check(errorRateAbove5(), text))
        .isEqualTo(new ConditionResult.Unknown("errorRate is 'n/a', not a number"));
  }

  @Test
  void slowButAnsweringEndpointStillHasItsFieldRead() {
    ProbeResult slow =
        new ProbeResult(
            ProbeKey.endpoint("backend", "metrics"),
            ProbeStatus.DEGRADED,
            200,
            Duration.ofSeconds(3),
            null,
            null,
            "slow: 3 s",
            Map.of("errorRate", JSON.numberNode(9.0)),
            clock.instant());

    assertThat(ConditionCheck.check(errorRateAbove5(), slow))
        .isInstanceOf(ConditionResult.Met.class);
  }

  @Test
  void downRuleIsMetByDownWithTheProbeReason() {
    AlertRule down = statusRule("down", "DOWN", "critical", Duration.ofSeconds(90));

    assertThat(ConditionCheck.check(down, health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .isEqualTo(new ConditionResult.Met("DOWN", "DOWN", "HTTP 503"));
    assertThat(ConditionCheck.check(down, health("backend", ProbeStatus.DEGRADED, "slow", clock)))
        .isEqualTo(new ConditionResult.NotMet("DEGRADED"));
  }

  @Test
  void degradedRuleIsMetOnlyByDegradedAndSaysNothingWhenDown() {
    AlertRule degraded = statusRule("degraded", "DEGRADED", "warning", Duration.ofMinutes(1));

    assertThat(
            ConditionCheck.check(degraded, health("backend", ProbeStatus.DEGRADED, "slow", clock)))
        .isInstanceOf(ConditionResult.Met.class);
    assertThat(
            ConditionCheck.check(degraded, health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .isInstanceOf(ConditionResult.Unknown.class);
    assertThat(ConditionCheck.check(degraded, health("backend", ProbeStatus.UP, null, clock)))
        .isEqualTo(new ConditionResult.NotMet("UP"));
  }

  @Test
  void ruleReadsOnlyItsKindEndpointAndServices() {
    AlertRule down = statusRule("down", "DOWN", "critical", Duration.ofSeconds(90));
    AlertRule aurea = aureaNotRunning();

    assertThat(ConditionCheck.reads(down, ProbeKey.health("backend"))).isTrue();
    assertThat(ConditionCheck.reads(down, ProbeKey.endpoint("backend", "metrics"))).isFalse();
    // A database the fleet depends on pages when it is down (issue 17: dependents fold into it).
    assertThat(ConditionCheck.reads(down, ProbeKey.database("supabase"))).isTrue();
    assertThat(
            ConditionCheck.reads(
                statusRule("slow", "DEGRADED", "warning", Duration.ZERO),
                ProbeKey.database("supabase")))
        .isFalse();
    assertThat(ConditionCheck.reads(aurea, ProbeKey.endpoint("ai-agents", "usage"))).isTrue();
    assertThat(ConditionCheck.reads(aurea, ProbeKey.endpoint("ai-agents", "metrics"))).isFalse();
    assertThat(ConditionCheck.reads(aurea, ProbeKey.endpoint("backend", "usage"))).isFalse();
    assertThat(List.of(ConditionCheck.probeKey(aurea, "ai-agents")))
        .containsExactly(ProbeKey.endpoint("ai-agents", "usage"));
  }

  private ProbeResult jobs(int count) {
    return endpoint("ai-agents", "scheduler", "registeredJobs", JSON.numberNode(count), clock);
  }

  private ProbeResult aurea(com.fasterxml.jackson.databind.JsonNode running) {
    return endpoint("ai-agents", "usage", "aureaRunning", running, clock);
  }
}
