package dev.opsbot.probe;

import static dev.opsbot.probe.ProbeStatus.DEGRADED;
import static dev.opsbot.probe.ProbeStatus.DOWN;
import static dev.opsbot.probe.ProbeStatus.UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProbeHistoryTest {
  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
  private int sequence;

  @Test
  void twoFailuresDoNotConfirmDownTheThirdDoes() {
    ProbeHistory history = new ProbeHistory(10, 3, 1);
    history.record(result(UP));

    history.record(result(DOWN));
    history.record(result(DOWN));
    assertThat(history.confirmedStatus()).contains(UP);
    assertThat(history.consecutiveFailures()).isEqualTo(2);

    history.record(result(DOWN));
    assertThat(history.confirmedStatus()).contains(DOWN);
  }

  @Test
  void oneAnswerBetweenFailuresStartsTheCountAgain() {
    ProbeHistory history = new ProbeHistory(10, 3, 1);
    history.record(result(UP));
    history.record(result(DOWN));
    history.record(result(DOWN));

    history.record(result(UP));
    history.record(result(DOWN));
    history.record(result(DOWN));

    assertThat(history.consecutiveFailures()).isEqualTo(2);
    assertThat(history.confirmedStatus()).contains(UP);
  }

  @Test
  void nothingIsConfirmedUntilAThresholdIsMet() {
    ProbeHistory history = new ProbeHistory(10, 3, 2);
    assertThat(history.confirmedStatus()).isEmpty();

    history.record(result(DOWN));
    history.record(result(UP));

    assertThat(history.confirmedStatus()).isEmpty();
  }

  @Test
  void recoveryNeedsSuccessThresholdAnswersInARow() {
    ProbeHistory history = new ProbeHistory(10, 1, 2);
    history.record(result(DOWN));
    assertThat(history.confirmedStatus()).contains(DOWN);

    history.record(result(UP));
    assertThat(history.confirmedStatus()).contains(DOWN);
    history.record(result(DOWN));
    history.record(result(UP));
    assertThat(history.confirmedStatus()).contains(DOWN);

    history.record(result(UP));
    assertThat(history.confirmedStatus()).contains(UP);
  }

  @Test
  void degradedAnswerIsNotAFailure() {
    ProbeHistory history = new ProbeHistory(10, 2, 1);
    history.record(result(DOWN));

    history.record(result(DEGRADED));
    history.record(result(DOWN));

    assertThat(history.consecutiveFailures()).isEqualTo(1);
    assertThat(history.confirmedStatus()).contains(DEGRADED);
  }

  @Test
  void keepsOnlyTheNewestResultsUpToItsCapacity() {
    ProbeHistory history = new ProbeHistory(3, 2, 1);
    ProbeResult first = result(UP);
    history.record(first);
    for (int i = 0; i < 4; i++) {
      history.record(result(UP));
    }

    assertThat(history.recent(10)).hasSize(3).doesNotContain(first);
  }

  @Test
  void recentListsNewestFirstUpToTheLimit() {
    ProbeHistory history = new ProbeHistory(10, 2, 1);
    ProbeResult oldest = result(UP);
    ProbeResult middle = result(DEGRADED);
    ProbeResult newest = result(DOWN);
    history.record(oldest);
    history.record(middle);
    history.record(newest);

    assertThat(history.recent(2)).containsExactly(newest, middle);
    assertThat(history.recent(10)).containsExactly(newest, middle, oldest);
  }

  @Test
  void lastAnsweredIsTheLastUpOrDegradedResultNotTheLastFailure() {
    ProbeHistory history = new ProbeHistory(10, 2, 1);
    assertThat(history.lastAnswered()).isEmpty();

    ProbeResult degraded = result(DEGRADED);
    history.record(result(UP));
    history.record(degraded);
    history.record(result(DOWN));
    history.record(result(DOWN));

    assertThat(history.lastAnswered()).contains(degraded);
  }

  @Test
  void lastAnsweredSurvivesBeingPushedOutOfTheRecentResults() {
    ProbeHistory history = new ProbeHistory(2, 2, 1);
    ProbeResult answered = result(UP);
    history.record(answered);
    history.record(result(DOWN));
    history.record(result(DOWN));

    assertThat(history.recent(10)).doesNotContain(answered);
    assertThat(history.lastAnswered()).contains(answered);
  }

  @Test
  void recordTellsThePreviousStatus() {
    ProbeHistory history = new ProbeHistory(10, 2, 1);

    assertThat(history.record(result(UP))).isNull();
    assertThat(history.record(result(DOWN))).isEqualTo(UP);
    assertThat(history.record(result(DOWN))).isEqualTo(DOWN);
  }

  /** Results differ in their time, so each is its own entry in the history. */
  private ProbeResult result(ProbeStatus status) {
    return new ProbeResult(
        ProbeKey.health("api"),
        status,
        status == DOWN ? null : 200,
        Duration.ofMillis(40),
        null,
        null,
        status.name().toLowerCase(),
        null,
        START.plusSeconds(30L * sequence++));
  }
}
