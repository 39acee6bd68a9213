package dev.opsbot.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** When a job counts as late: every + grace, and daily deadlines across the clock changes. */
class VerdictTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Expectation EVERY_5M =
      new Expectation.Every(Duration.ofMinutes(5), Duration.ofMinutes(1));
  private static final Expectation BY_0330_BERLIN =
      new Expectation.Daily(LocalTime.of(3, 30), BERLIN, Duration.ZERO);

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static LastPings success(String instant) {
    return new LastPings(at(instant), null, 1);
  }

  @Test
  void aPeriodicJobIsOnTimeUntilItsPeriodAndGraceHavePassed() {
    Instant start = at("2026-12-01T09:00:00Z");
    LastPings pinged = success("2026-12-01T10:00:00Z");

    Verdict onTime = Verdict.of(EVERY_5M, pinged, start, at("2026-12-01T10:06:00Z"));
    Verdict late = Verdict.of(EVERY_5M, pinged, start, at("2026-12-01T10:06:01Z"));

    assertThat(onTime.late()).isFalse();
    assertThat(onTime.reason()).isEqualTo("last ping 10:00, next by 10:05 UTC");
    assertThat(late.late()).isTrue();
    assertThat(late.reason()).isEqualTo("no ping since 10:00, expected by 10:05 UTC");
  }

  @Test
  void aJobNeverPingedGetsOneFullPeriodFromWhenOpsbotBeganWatching() {
    Instant start = at("2026-12-01T09:00:00Z");

    assertThat(Verdict.of(EVERY_5M, LastPings.NONE, start, at("2026-12-01T09:06:00Z")).late())
        .isFalse();
    Verdict late = Verdict.of(EVERY_5M, LastPings.NONE, start, at("2026-12-01T09:06:01Z"));
    assertThat(late.late()).isTrue();
    assertThat(late.reason())
        .isEqualTo("no ping since opsbot began watching at 09:00, expected by 09:05 UTC");
  }

  @Test
  void anOldPingDoesNotCountAgainstTheJobRightAfterOpsbotRestarts() {
    LastPings longAgo = success("2026-12-01T06:00:00Z");
    Instant restart = at("2026-12-01T09:00:00Z");

    assertThat(Verdict.of(EVERY_5M, longAgo, restart, at("2026-12-01T09:01:00Z")).late()).isFalse();
    assertThat(Verdict.of(EVERY_5M, longAgo, restart, at("2026-12-01T09:06:01Z")).late()).isTrue();
  }

  @Test
  void aReportedFailureIsLateAtOnceUntilTheNextGoodPing() {
    Instant start = at("2026-12-01T09:00:00Z");
    LastPings failed = new LastPings(at("2026-12-01T10:00:00Z"), at("2026-12-01T10:02:00Z"), 2);
    LastPings recovered = new LastPings(at("2026-12-01T10:03:00Z"), at("2026-12-01T10:02:00Z"), 3);

    Verdict verdict = Verdict.of(EVERY_5M, failed, start, at("2026-12-01T10:02:30Z"));

    assertThat(verdict.late()).isTrue();
    assertThat(verdict.reason())
        .isEqualTo("the job reported a failure at 10:02 UTC; last good ping 10:00");
    assertThat(Verdict.of(EVERY_5M, recovered, start, at("2026-12-01T10:03:30Z")).late()).isFalse();
  }

  @Test
  void theNightlyJobMustHavePingedSinceYesterdaysDeadlineByTodays() {
    Instant start = at("2026-12-01T00:00:00Z");
    // 03:10 Berlin (CET, UTC+1) on 2 December: in time for that night's 03:30.
    LastPings pinged = success("2026-12-02T02:10:00Z");

    Verdict thatMorning = Verdict.of(BY_0330_BERLIN, pinged, start, at("2026-12-02T12:00:00Z"));
    Verdict nextNightBefore = Verdict.of(BY_0330_BERLIN, pinged, start, at("2026-12-03T02:29:59Z"));
    Verdict nextNightAfter = Verdict.of(BY_0330_BERLIN, pinged, start, at("2026-12-03T02:30:01Z"));

    assertThat(thatMorning.late()).isFalse();
    assertThat(thatMorning.reason()).isEqualTo("last ping 03:10, next by Thu 03:30 Europe/Berlin");
    assertThat(nextNightBefore.late()).isFalse();
    assertThat(nextNightAfter.late()).isTrue();
    assertThat(nextNightAfter.reason())
        .isEqualTo("no ping since Wed 03:10, expected by 03:30 Europe/Berlin");
  }

  @Test
  void aPingAfterTheDeadlineResolvesItAndCountsForTheNextNight() {
    Instant start = at("2026-12-01T00:00:00Z");
    // 03:45 Berlin on 3 December: late for that night, in time for the next.
    LastPings late = success("2026-12-03T02:45:00Z");

    assertThat(Verdict.of(BY_0330_BERLIN, late, start, at("2026-12-03T02:46:00Z")).late())
        .isFalse();
    assertThat(Verdict.of(BY_0330_BERLIN, late, start, at("2026-12-04T02:30:01Z")).late())
        .isFalse();
    assertThat(Verdict.of(BY_0330_BERLIN, late, start, at("2026-12-05T02:30:01Z")).late()).isTrue();
  }

  @Test
  void inSpringTheWindowIs23HoursAndAPingBeforeTheLastWinterDeadlineDoesNotCount() {
    Instant start = at("2026-03-01T00:00:00Z");
    // Clocks go forward in Berlin at 02:00 on 29 March 2026. 03:30 on the 28th is 02:30 UTC
    // (CET); 03:30 on the 29th is 01:30 UTC (CEST).
    LastPings beforeDeadline = success("2026-03-28T02:20:00Z"); // 03:20 CET, for the 28th
    LastPings afterDeadline = success("2026-03-28T02:40:00Z"); // 03:40 CET, for the 29th
    Instant justAfter29th = at("2026-03-29T01:30:01Z");

    assertThat(Verdict.of(BY_0330_BERLIN, beforeDeadline, start, justAfter29th).late())
        .as("24 hours back from 03:30 CEST would wrongly reach 02:30 CET, before this ping")
        .isTrue();
    assertThat(Verdict.of(BY_0330_BERLIN, afterDeadline, start, justAfter29th).late()).isFalse();
    assertThat(Verdict.of(BY_0330_BERLIN, beforeDeadline, start, at("2026-03-29T01:29:59Z")).late())
        .isFalse();
  }

  @Test
  void inAutumnTheWindowIs25HoursAndTheDeadlineIsTheWallClockTime() {
    Instant start = at("2026-10-01T00:00:00Z");
    // Clocks go back in Berlin at 03:00 on 25 October 2026: 03:30 that day is 02:30 UTC (CET).
    LastPings pinged = success("2026-10-24T01:10:00Z"); // 03:10 CEST on the 24th

    assertThat(Verdict.of(BY_0330_BERLIN, pinged, start, at("2026-10-25T01:31:00Z")).late())
        .as("an hour after 03:30 CEST is still before 03:30 CET")
        .isFalse();
    assertThat(Verdict.of(BY_0330_BERLIN, pinged, start, at("2026-10-25T02:30:01Z")).late())
        .isTrue();
  }

  @Test
  void aDeadlineInTheSkippedHourMovesOnByThatHour() {
    Expectation by0230 = new Expectation.Daily(LocalTime.of(2, 30), BERLIN, Duration.ZERO);
    Instant start = at("2026-03-01T00:00:00Z");
    LastPings pinged = success("2026-03-28T01:00:00Z"); // 02:00 CET on the 28th

    // 02:30 does not exist on the 29th: the deadline is 03:30 CEST, 01:30 UTC.
    assertThat(Verdict.of(by0230, pinged, start, at("2026-03-29T01:29:00Z")).late()).isFalse();
    assertThat(Verdict.of(by0230, pinged, start, at("2026-03-29T01:30:01Z")).late()).isTrue();
  }

  @Test
  void graceMovesTheDailyDeadlineButNotTheTimeTheReasonNames() {
    Expectation withGrace =
        new Expectation.Daily(LocalTime.of(3, 30), BERLIN, Duration.ofMinutes(30));
    Instant start = at("2026-12-01T00:00:00Z");
    LastPings pinged = success("2026-12-02T02:10:00Z");

    assertThat(Verdict.of(withGrace, pinged, start, at("2026-12-03T02:59:00Z")).late()).isFalse();
    Verdict late = Verdict.of(withGrace, pinged, start, at("2026-12-03T03:00:01Z"));
    assertThat(late.late()).isTrue();
    assertThat(late.reason()).endsWith("expected by 03:30 Europe/Berlin");
  }
}
