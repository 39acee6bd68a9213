package dev.opsbot.alert;

import static dev.opsbot.alert.AlertFixtures.health;
import static dev.opsbot.alert.AlertFixtures.statusRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeats and snoozes; rules repeat every 30 min. (Escalation: EscalationIT.) */
class AlertTimersTest {
  private final FakeClock clock = new FakeClock();
  private final AlertBoard board = new AlertBoard();
  private final AlertTimers timers = new AlertTimers(board, clock);
  private final AlertResponses responses = new AlertResponses(board, clock);
  private final AlertKey key = new AlertKey("down", "backend");
  private Instant firedAt;

  @Test
  void unacknowledgedAlertRepeatsEveryThirtyMinutes() {
    fire("critical");

    List<AlertEvent> repeats =
        tickEveryMinuteFor(Duration.ofHours(2)).stream()
            .filter(AlertEvent.Repeated.class::isInstance)
            .toList();

    assertThat(repeats)
        .containsExactly(
            new AlertEvent.Repeated(key, 1, firedAt.plus(Duration.ofMinutes(30))),
            new AlertEvent.Repeated(key, 2, firedAt.plus(Duration.ofMinutes(60))),
            new AlertEvent.Repeated(key, 3, firedAt.plus(Duration.ofMinutes(90))),
            new AlertEvent.Repeated(key, 4, firedAt.plus(Duration.ofMinutes(120))));
  }

  @Test
  void acknowledgedAlertIsNotRepeated() {
    fire("critical");
    tickEveryMinuteFor(Duration.ofMinutes(5));

    assertThat(responses.acknowledge(key, "U-alice"))
        .contains(new AlertEvent.Acknowledged(key, "U-alice", clock.instant()));
    assertThat(tickEveryMinuteFor(Duration.ofHours(3))).isEmpty();
    assertThat(responses.acknowledge(key, "U-bob")).isEmpty();
  }

  @Test
  void snoozedAlertIsSilentUntilItsTimeThenSpeaksAgain() {
    fire("critical");
    Instant until = firedAt.plus(Duration.ofHours(2));
    assertThat(responses.snooze(key, "U-alice", until))
        .contains(new AlertEvent.Snoozed(key, "U-alice", until, firedAt));

    List<AlertEvent> whileSnoozed = tickEveryMinuteFor(Duration.ofMinutes(119));
    List<AlertEvent> after = tickEveryMinuteFor(Duration.ofMinutes(41));

    assertThat(whileSnoozed).isEmpty();
    assertThat(after)
        .containsExactly(
            new AlertEvent.SnoozeExpired(key, until),
            new AlertEvent.Repeated(key, 1, until.plus(Duration.ofMinutes(30))));
  }

  @Test
  void snoozedAlertStillResolvesWhenItsConditionClears() {
    RuleEvaluatorWithRule evaluator = fireWith("critical");
    responses.snooze(key, "U-alice", firedAt.plus(Duration.ofHours(2)));

    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      events.addAll(evaluator.evaluate(health("backend", ProbeStatus.UP, null, clock)));
      events.addAll(timers.tick());
    }

    assertThat(events).filteredOn(AlertEvent.Resolved.class::isInstance).hasSize(1);
    assertThat(tickEveryMinuteFor(Duration.ofHours(3))).isEmpty();
  }

  @Test
  void snoozeInThePastOrOnAnAcknowledgedAlertDoesNothing() {
    fire("critical");

    assertThat(responses.snooze(key, "U-alice", firedAt.minusSeconds(1))).isEmpty();
    responses.acknowledge(key, "U-alice");
    assertThat(responses.snooze(key, "U-alice", firedAt.plus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void handResolvedAlertWhoseConditionStillHoldsFiresAgainOnlyAfterHoldFor() {
    RuleEvaluatorWithRule evaluator = fireWith("critical");
    clock.advance(Duration.ofMinutes(5));

    assertThat(responses.resolve(key, "U-alice"))
        .contains(new AlertEvent.Resolved(key, firedAt, clock.instant(), "U-alice"));
    assertThat(tickEveryMinuteFor(Duration.ofHours(1))).isEmpty();

    Instant stillDown = clock.instant();
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .containsExactly(new AlertEvent.Pending(key, stillDown, "DOWN"));
    clock.advance(Duration.ofSeconds(60));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Fired.class);
    assertThat(responses.resolve(new AlertKey("down", "mcp-bridge"), "U-alice")).isEmpty();
  }

  @Test
  void repeatAfterALongPauseIsOneRepeatNotABurst() {
    fire("warning");
    clock.advance(Duration.ofHours(5));

    assertThat(timers.tick()).containsExactly(new AlertEvent.Repeated(key, 1, clock.instant()));
    clock.advance(Duration.ofMinutes(29));
    assertThat(timers.tick()).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(timers.tick()).containsExactly(new AlertEvent.Repeated(key, 2, clock.instant()));
  }

  private AlertRule fire(String severity) {
    return fireWith(severity).rule();
  }

  private RuleEvaluatorWithRule fireWith(String severity) {
    AlertRule rule = statusRule("down", "DOWN", severity, Duration.ofSeconds(90));
    RuleEvaluator evaluator =
        new RuleEvaluator(new AlertRules(null, null, List.of(rule)), board, clock);
    evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock));
    clock.advance(Duration.ofSeconds(90));
    assertThat(evaluator.evaluate(health("backend", ProbeStatus.DOWN, "HTTP 503", clock)))
        .singleElement()
        .isInstanceOf(AlertEvent.Fired.class);
    firedAt = clock.instant();
    return new RuleEvaluatorWithRule(evaluator, rule);
  }

  private List<AlertEvent> tickEveryMinuteFor(Duration duration) {
    List<AlertEvent> events = new ArrayList<>();
    for (long minute = 0; minute < duration.toMinutes(); minute++) {
      clock.advance(Duration.ofMinutes(1));
      events.addAll(timers.tick());
    }
    return events;
  }

  private record RuleEvaluatorWithRule(RuleEvaluator evaluator, AlertRule rule) {
    List<AlertEvent> evaluate(dev.opsbot.probe.ProbeResult result) {
      return evaluator.evaluate(result);
    }
  }
}
