package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.digest.DigestFacts.HourlyRollup;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestFacts.OutsideCounts;
import dev.opsbot.probe.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the digest takes a maintenance window's time out of an hourly rollup, and says so. */
class MaintenanceTimeTest {
  private static final Instant HOUR = Instant.parse("2026-11-25T02:00:00Z");

  private static HourlyRollup rollup(long samples, long up, long down) {
    return new HourlyRollup(
        HOUR, "backend", "health", samples, up, 0, down, 100, 100, 100, new LatencyHistogram());
  }

  private static MaintenanceWindow window(String from, String to) {
    return new MaintenanceWindow(
        1,
        List.of("backend"),
        Instant.parse("2026-11-25T" + from + ":00Z"),
        Instant.parse("2026-11-25T" + to + ":00Z"),
        "deploy");
  }

  @Test
  void anHourTheWindowCoversWholeCountsNoSamples() {
    MaintenanceTime time = new MaintenanceTime(List.of(window("01:50", "03:10")), List.of());

    HourlyRollup adjusted = time.adjust(rollup(120, 0, 120));

    assertThat(adjusted.samples()).isZero();
    assertThat(adjusted.down()).isZero();
  }

  @Test
  void aPartlyCoveredHourKeepsExactlyTheRawSamplesOutsideTheWindow() {
    MaintenanceTime time =
        new MaintenanceTime(
            List.of(window("02:30", "03:30")),
            List.of(new OutsideCounts("backend", HOUR, 120, 60, 60, 0, 0)));

    HourlyRollup adjusted = time.adjust(rollup(120, 60, 60));

    assertThat(adjusted.samples()).isEqualTo(60);
    assertThat(adjusted.down()).as("the failures were all inside the window").isZero();
  }

  @Test
  void withItsRawSamplesPrunedAPartlyCoveredHourIsProrated() {
    MaintenanceTime time =
        new MaintenanceTime(
            List.of(window("02:45", "03:30")),
            List.of(new OutsideCounts("backend", HOUR, 0, 0, 0, 0, 0)));

    HourlyRollup adjusted = time.adjust(rollup(120, 80, 40));

    assertThat(adjusted.samples()).isEqualTo(90);
    assertThat(adjusted.up()).isEqualTo(60);
    assertThat(adjusted.down()).isEqualTo(30);
  }

  @Test
  void anotherServiceAndAnotherHourAreLeftAsMeasured() {
    MaintenanceTime time = new MaintenanceTime(List.of(window("04:00", "05:00")), List.of());
    HourlyRollup rollup = rollup(120, 100, 20);

    assertThat(time.adjust(rollup)).isSameAs(rollup);
    assertThat(time.excluded(HOUR, HOUR.plus(Duration.ofDays(1))))
        .containsExactly(Map.entry("backend", Duration.ofHours(1)));
  }

  @Test
  void thePostShowsAFewWindowsWithTheTimeLeftOut() {
    DigestReport fixture = DigestFixtures.report();
    DigestReport report =
        new DigestReport(
            fixture.day(),
            fixture.from(),
            fixture.to(),
            fixture.zone(),
            null,
            fixture.hours(),
            fixture.services(),
            fixture.availability(),
            fixture.weekAvailability(),
            fixture.alerts(),
            fixture.aurea(),
            fixture.business(),
            fixture.operations(),
            new DigestReport.Maintenance(
                List.of(window("09:00", "10:30")), Map.of("backend", Duration.ofMinutes(90))));

    String post =
        new PlainTextRenderer()
            .render(
                new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY))
                    .word(report)
                    .summary());

    // 09:00 UTC is 02:00 in Denver, the digest's zone.
    assertThat(post)
        .contains(
            "Maintenance:                   backend Wed 02:00 – 03:30 (deploy); availability"
                + " excludes 1 h 30 min of maintenance for backend");
  }
}
