package dev.opsbot.alert;

import static dev.opsbot.alert.AlertFixtures.JSON;
import static dev.opsbot.alert.AlertFixtures.aureaNotRunning;
import static dev.opsbot.alert.AlertFixtures.endpoint;
import static dev.opsbot.alert.AlertFixtures.endpointDown;
import static dev.opsbot.alert.AlertFixtures.errorRate;
import static dev.opsbot.alert.AlertFixtures.errorRateAbove5;
import static dev.opsbot.alert.AlertFixtures.health;
import static dev.opsbot.alert.AlertFixtures.schedulerJobsBelow61;
import static dev.opsbot.alert.AlertFixtures.statusRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.AlertCondition;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Severity;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {
  private final FakeClock clock = new FakeClock();
  private final Instant t0 = clock.instant();
  private final AlertBoard board = new AlertBoard();
  private final AlertRule down = statusRule("down", "DOWN", "critical", Duration.ofSeconds(90));

  @Test
  void downFiresOnlyOnceItHasHeldForNinetySeconds() {
    RuleEvaluator evaluator = evaluator(down);
    AlertKey key = new AlertKey("down", "backend");

    List<AlertEvent> first =
        evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock));
    clock.advance(Duration.ofSeconds(30));
    List<AlertEvent> second =
        evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock));
    clock.advance(Duration.ofSeconds(60));
    List<AlertEvent> third =
        evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock));

    assertThat(first).containsExactly(new AlertEvent.Pending(key, t0, "DOWN"));
    assertThat(second).isEmpty();
    assertThat(third)
        .containsExactly(
            new AlertEvent.Fired(key, down, "DOWN", "DOWN", "HTTP 503", t0, t0.plusSeconds(90)));
    assertThat(board.state(key)).get().isInstanceOf(AlertState.Firing.class);
  }

  @Test
  void renderColdStartShorterThanHoldForPostsNothing() {
    RuleEvaluator evaluator = evaluator(down);

    List<AlertEvent> events = new ArrayList<>();
    events.addAll(evaluator.evaluate(health("ai-agents", ProbeStatus.DOWN, "timed out", clock)));
    clock.advance(Duration.ofSeconds(45));
    events.addAll(evaluator.evaluate(health("ai-agents", ProbeStatus.UP, null, clock)));

    assertThat(events).noneMatch(AlertEvent.Fired.class::isInstance);
    assertThat(events.getLast()).isInstanceOf(AlertEvent.Cancelled.class);
    assertThat(board.snapshot()).isEmpty();
  }

  @Test
  void flappingEveryTwentySecondsNeverFires() {
    AlertRule rule = statusRule("down", "DOWN", "critical", Duration.ofSeconds(60));
    RuleEvaluator evaluator = evaluator(rule);

    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ProbeStatus status = i % 2 == 0 ? ProbeStatus.DOWN : ProbeStatus.UP;
      events.addAll(evaluator.evaluate(health("backend", status, null, clock)));
      clock.advance(Duration.ofSeconds(20));
    }

    assertThat(events).noneMatch(AlertEvent.Fired.class::isInstance);
    assertThat(events).hasSize(60); // a Pending and a Cancelled per flap, nothing posted
  }

  @Test
  void resolvesOnlyAfterStayingClearForTheWholeClearFor() {
    RuleEvaluator evaluator = evaluator(down);
    AlertKey key = new AlertKey("down", "backend");
    fireDown(evaluator);
    Instant firedAt = clock.instant();

    clock.advance(Duration.ofSeconds(30));
    Instant clearFrom = clock.instant();
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)))
        .containsExactly(new AlertEvent.ValueChanged(key, "DOWN", "UP", clearFrom));
    clock.advance(Duration.ofSeconds(60));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock))).isEmpty();
    clock.advance(Duration.ofSeconds(59));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock))).isEmpty();
    clock.advance(Duration.ofSeconds(1));

    assertThat(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)))
        .containsExactly(
            new AlertEvent.Resolved(key, firedAt, clearFrom.plus(Duration.ofMinutes(2)), null));
    assertThat(board.snapshot()).isEmpty();
  }

  @Test
  void relapseWhileClearingKeepsItFiringAndRestartsTheClearTime() {
    RuleEvaluator evaluator = evaluator(down);
    fireDown(evaluator);

    List<AlertEvent> events = new ArrayList<>();
    clock.advance(Duration.ofSeconds(30));
    events.addAll(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)));
    clock.advance(Duration.ofSeconds(90));
    events.addAll(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 502", clock)));
    clock.advance(Duration.ofSeconds(30));
    events.addAll(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)));
    clock.advance(Duration.ofSeconds(90)); // 3.5 min after the first clear, 1.5 after the last
    events.addAll(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)));

    assertThat(events).noneMatch(AlertEvent.Resolved.class::isInstance);
    assertThat(board.state(new AlertKey("down", "backend")))
        .get()
        .isInstanceOf(AlertState.Firing.class);

    clock.advance(Duration.ofSeconds(30));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Resolved.class);
  }

  @Test
  void unreachableMetricsEndpointDoesNotResolveAHighErrorRate() {
    RuleEvaluator evaluator = evaluator(errorRateAbove5());
    AlertKey key = new AlertKey("error-rate", "backend");
    evaluator.evaluate(errorRate("backend", 7.5, clock));
    clock.advance(Duration.ofMinutes(1));
    assertThat(evaluator.evaluate(errorRate("backend", 7.5, clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Fired.class);

    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMinutes(1));
      events.addAll(evaluator.evaluate(endpointDown("backend", "metrics", clock)));
    }

    assertThat(events).isEmpty();
    assertThat(board.state(key)).get().isInstanceOf(AlertState.Firing.class);
  }

  @Test
  void unreachableEndpointNeitherFiresNorCancelsAPendingAlert() {
    RuleEvaluator evaluator = evaluator(errorRateAbove5());

    evaluator.evaluate(errorRate("backend", 7.5, clock));
    clock.advance(Duration.ofSeconds(30));
    assertThat(evaluator.evaluate(endpointDown("backend", "metrics", clock))).isEmpty();
    clock.advance(Duration.ofSeconds(30));

    assertThat(evaluator.evaluate(errorRate("backend", 8.0, clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Fired.class);
  }

  @Test
  void firingAlertReportsEachValueChangeOnce() {
    RuleEvaluator evaluator = evaluator(errorRateAbove5());
    AlertKey key = new AlertKey("error-rate", "backend");
    evaluator.evaluate(errorRate("backend", 7.5, clock));
    clock.advance(Duration.ofMinutes(1));
    evaluator.evaluate(errorRate("backend", 7.5, clock));

    List<AlertEvent> events = new ArrayList<>();
    for (double rate : new double[] {7.5, 9.1, 9.1, 9.1, 12.0, 12.0}) {
      clock.advance(Duration.ofSeconds(30));
      events.addAll(evaluator.evaluate(errorRate("backend", rate, clock)));
    }

    assertThat(events)
        .extracting(e -> ((AlertEvent.ValueChanged) e).newValue())
        .containsExactly("9.1", "12.0");
    assertThat(((AlertEvent.ValueChanged) events.getFirst()).oldValue()).isEqualTo("7.5");
  }

  @Test
  void fleetThresholdsFireAsTheRunbookSays() {
    RuleEvaluator evaluator =
        evaluator(errorRateAbove5(), aureaNotRunning(), schedulerJobsBelow61());

    List<AlertEvent> fired = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      fired.addAll(evaluator.evaluate(errorRate("backend", 7.5, clock)));
      fired.addAll(
          evaluator.evaluate(
              endpoint("ai-agents", "usage", "aureaRunning", JSON.booleanNode(false), clock)));
      fired.addAll(
          evaluator.evaluate(
              endpoint("ai-agents", "scheduler", "registeredJobs", JSON.numberNode(58), clock)));
      fired.addAll(
          evaluator.evaluate(
              endpoint("mcp-bridge", "scheduler", "registeredJobs", JSON.numberNode(61), clock)));
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(fired)
        .filteredOn(AlertEvent.Fired.class::isInstance)
        .map(e -> (AlertEvent.Fired) e)
        .extracting(e ->
            e.key().ruleId()
                + "@"
                + e.key().service()
                + " "
                + e.value()
                + " "
                + e.threshold()
                + " "
                + e.rule().severity())
        .containsExactlyInAnyOrder(
            "error-rate@backend 7.5 > 5 warning",
            "aurea-down@ai-agents false = false critical",
            "scheduler-jobs@ai-agents 58 < 61 warning");
  }

  @Test
  void ruleListingServicesIgnoresOthers() {
    RuleEvaluator evaluator = evaluator(aureaNotRunning());

    assertThat(
            evaluator.evaluate(
                endpoint("backend", "usage", "aureaRunning", JSON.booleanNode(false), clock)))
        .isEmpty();
    assertThat(board.snapshot()).isEmpty();
  }

  @Test
  void ruleWithoutDurationsUsesTheDefaults() {
    AlertRule bare =
        new AlertRule(
            "down",
            null,
            new AlertCondition("DOWN", null, null, null, null, null),
            Severity.WARNING,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    RuleEvaluator evaluator =
        new RuleEvaluator(
            new AlertRules(
                new AlertDefaults(Duration.ofMinutes(3), null, null, null), null, List.of(bare)),
            board,
            clock);

    evaluator.evaluate(health("backend", ProbeStatus.DOWN, null, clock));
    clock.advance(Duration.ofMinutes(2));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, null, clock))).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    AlertEvent fired =
        evaluator.evaluate(health("backend", ProbeStatus.DOWN, null, clock)).getFirst();

    assertThat(((AlertEvent.Fired) fired).rule().clearFor()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void zeroHoldForFiresOnTheFirstResult() {
    RuleEvaluator evaluator = evaluator(statusRule("down", "DOWN", "critical", Duration.ZERO));

    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Fired.class);
  }

  private void fireDown(RuleEvaluator evaluator) {
    evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock));
    clock.advance(Duration.ofSeconds(90));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Fired.class);
  }

  private RuleEvaluator evaluator(AlertRule... rules) {
    return new RuleEvaluator(new AlertRules(null, null, List.of(rules)), board, clock);
  }
}
