package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceScheduleTest {
  private final MaintenanceSchedule sunday =
      MaintenanceSchedule.parse(
          "db-backup", List.of("backend"), "every Sunday 02:00-03:00 Europe/Berlin");

  @Test
  void aWeeklyWindowRunsAtTwoInTheMorningBerlinTimeInWinterAndInSummer() {
    // Winter: 02:00 CET is 01:00 UTC.
    assertThat(sunday.activeAt(Instant.parse("2026-12-06T01:30:00Z")))
        .get()
        .extracting(MaintenanceSchedule.Occurrence::start)
        .isEqualTo(Instant.parse("2026-12-06T01:00:00Z"));
    // Summer: 02:00 CEST is 00:00 UTC.
    assertThat(sunday.activeAt(Instant.parse("2026-07-05T00:30:00Z")))
        .get()
        .extracting(MaintenanceSchedule.Occurrence::end)
        .isEqualTo(Instant.parse("2026-07-05T01:00:00Z"));
    assertThat(sunday.activeAt(Instant.parse("2026-07-05T01:30:00Z"))).isEmpty();
    assertThat(sunday.activeAt(Instant.parse("2026-07-06T00:30:00Z"))).as("a Monday").isEmpty();
  }

  @Test
  void onTheNightTheClocksGoBackTheWindowLastsTwoHours() {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:00-03:00 local runs from 00:00 to 02:00 UTC.
    MaintenanceSchedule.Occurrence occurrence =
        sunday.activeAt(Instant.parse("2026-10-25T01:30:00Z")).orElseThrow();
    assertThat(occurrence.start()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
    assertThat(Duration.between(occurrence.start(), occurrence.end()))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void onTheNightTheClocksGoForwardTheMissingHourLeavesNoWindow() {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:00-03:00 local does not happen.
    for (String at :
        List.of("2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z")) {
      assertThat(sunday.activeAt(Instant.parse(at))).as(at).isEmpty();
    }
  }

  @Test
  void aWindowPastMidnightIsActiveOnTheNextDayToo() {
    MaintenanceSchedule late =
        MaintenanceSchedule.parse("late", List.of("erp"), "every Saturday 23:00-01:00 UTC");
    assertThat(late.activeAt(Instant.parse("2026-12-06T00:30:00Z"))).isPresent();
    assertThat(late.activeAt(Instant.parse("2026-12-06T01:30:00Z"))).isEmpty();
  }

  @Test
  void aOneOffWindowHasOneOccurrenceWithAStableKey() {
    MaintenanceSchedule once =
        MaintenanceSchedule.parse(
            "migration", List.of("backend"), "2026-12-06T02:00/2026-12-06T04:00 Europe/Berlin");
    assertThat(once.activeAt(Instant.parse("2026-12-06T02:59:00Z")))
        .get()
        .extracting(MaintenanceSchedule.Occurrence::key)
        .isEqualTo("migration@2026-12-06T02:00");
    assertThat(once.activeAt(Instant.parse("2026-12-06T03:00:00Z"))).isEmpty();
  }

  @Test
  void aWindowThatIsNotOneIsRefusedSayingWhatWorks() {
    assertThatThrownBy(() -> MaintenanceSchedule.parse("x", List.of(), "sundays at 2"))
        .hasMessageContaining("write 'every Sunday 02:00-03:00 Europe/Berlin'");
    assertThatThrownBy(
            () -> MaintenanceSchedule.parse("x", List.of(), "every Sunday 02:00-03:00 Mars/Base"))
        .hasMessageContaining("maintenance 'x'");
    assertThatThrownBy(
            () -> MaintenanceSchedule.parse("x", List.of(), "every Funday 02:00-03:00 UTC"))
        .hasMessageContaining("'Funday' is not a day");
  }
}
