package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestScheduleTest {
  private static final ZoneId DENVER = ZoneId.of("America/Denver");

  @Test
  void localTimeStaysTheSameAcrossTheSpringChange() {
    DigestSchedule schedule =
        new DigestSchedule("#d", LocalTime.of(8, 30), DENVER, false, List.of());

    assertThat(schedule.dueOn(LocalDate.of(2027, 3, 13))).isEqualTo("2027-03-13T15:30:00Z");
    assertThat(schedule.dueOn(LocalDate.of(2027, 3, 14))).isEqualTo("2027-03-14T14:30:00Z");
  }

  @Test
  void aTimeInTheSpringGapIsTakenAfterIt() {
    DigestSchedule schedule =
        new DigestSchedule("#d", LocalTime.of(2, 30), DENVER, false, List.of());

    // 02:30 does not exist on 14 March 2027 in Denver: clocks jump from 02:00 to 03:00 MDT.
    assertThat(schedule.dueOn(LocalDate.of(2027, 3, 14))).isEqualTo("2027-03-14T09:30:00Z");
  }

  @Test
  void aTimeThatHappensTwiceInTheAutumnIsTakenTheFirstTime() {
    DigestSchedule schedule =
        new DigestSchedule("#d", LocalTime.of(1, 30), DENVER, false, List.of());

    assertThat(schedule.dueOn(LocalDate.of(2026, 11, 1))).isEqualTo("2026-11-01T07:30:00Z");
  }

  @Test
  void weekdaysSkipTheWeekend() {
    DigestSchedule schedule =
        new DigestSchedule("#d", LocalTime.of(8, 30), DENVER, true, List.of());

    // Sunday 29 November 2026, noon: the latest weekday digest was Friday's.
    assertThat(schedule.latestDue(Instant.parse("2026-11-29T19:00:00Z")))
        .contains(LocalDate.of(2026, 11, 27));
    assertThat(schedule.nextAfter(Instant.parse("2026-11-29T19:00:00Z")))
        .isEqualTo("2026-11-30T15:30:00Z");
  }
}
