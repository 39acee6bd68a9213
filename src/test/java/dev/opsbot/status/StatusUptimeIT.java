package dev.opsbot.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Results;
import dev.opsbot.testing.TestStateDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 90 daily bars from a real PostgreSQL history: samples written and rolled up by the probe
 * history store, read back per UTC day by the status page.
 */
class StatusUptimeIT {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
  private static final ProbeKey BACKEND = ProbeKey.health("backend");
  private static TestStateDatabase postgres;

  @BeforeAll
  static void record() throws Exception {
    postgres = TestStateDatabase.start();
    ProbeHistoryStore store =
        new ProbeHistoryStore(postgres.database(), Duration.ofDays(7), Duration.ofDays(90));
    List<ProbeResult> samples = new ArrayList<>();
    // 89 days ago: 4 answers, all up. Yesterday: 2 up, 2 down. Today: 3 up, 1 degraded.
    add(samples, BACKEND, ProbeStatus.UP, day(89, 12), 4);
    add(samples, BACKEND, ProbeStatus.UP, day(1, 12), 2);
    add(samples, BACKEND, ProbeStatus.DOWN, day(1, 13), 2);
    add(samples, BACKEND, ProbeStatus.UP, day(0, 9), 3);
    add(samples, BACKEND, ProbeStatus.DEGRADED, day(0, 10), 1);
    // Either side of midnight UTC: a failure the day before yesterday, an answer yesterday.
    add(samples, BACKEND, ProbeStatus.DOWN, day(2, 23).plusSeconds(1800), 1);
    add(samples, BACKEND, ProbeStatus.UP, day(1, 0).plusSeconds(1800), 1);
    // Outside the 90 days, and an endpoint check, neither of which counts.
    add(samples, BACKEND, ProbeStatus.DOWN, day(90, 12), 5);
    add(samples, ProbeKey.endpoint("backend", "usage"), ProbeStatus.DOWN, day(0, 9), 5);
    // A database, counted by its select-1 check.
    add(samples, ProbeKey.database("supabase"), ProbeStatus.UP, day(3, 8), 6);
    store.write(samples);
    store.rollUp(day(91, 0), NOW.plus(Duration.ofHours(1)));
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static Instant day(int daysAgo, int hour) {
    return TODAY.minusDays(daysAgo).atTime(hour, 0).toInstant(ZoneOffset.UTC);
  }

  private static void add(
      List<ProbeResult> samples, ProbeKey key, ProbeStatus status, Instant at, int count) {
    for (int i = 0; i < count; i++) {
      samples.add(Results.status(key, status, 200, 80, "ok", at.plusSeconds(i * 30L)));
    }
  }

  @Test
  void eachUtcDayCountsItsSamplesAndAnswersFromTheHealthCheckOnly() {
    Map<String, List<DayUptime>> daily =
        new UptimeQueries(postgres.database()).daily(TODAY.minusDays(89), TODAY);

    assertThat(daily.get("backend"))
        .containsExactly(
            new DayUptime(TODAY.minusDays(89), 4, 4),
            new DayUptime(TODAY.minusDays(2), 1, 0),
            new DayUptime(TODAY.minusDays(1), 5, 3),
            new DayUptime(TODAY, 4, 4));
    assertThat(daily.get("supabase")).containsExactly(new DayUptime(TODAY.minusDays(3), 6, 6));
  }

  @Test
  void thePageShowsNinetyBarsPerServiceWithGapsWhereNothingWasRecorded() {
    StatusSources sources =
        new StatusSources(
            () ->
                List.of(
                    new ServiceNow("backend", "Backend", Health.UP, NOW, "ok", NOW),
                    new ServiceNow("supabase", "Supabase", Health.UP, NOW, "ok", NOW),
                    new ServiceNow("erp", "ERP", Health.UNKNOWN, null, null, null)),
            StatusSources.Incidents.NONE,
            new UptimeQueries(postgres.database()),
            StatusSources.Maintenance.NONE);

    StatusView view =
        new StatusPage(StatusFixtures.settings(false), sources, new FakeClock(NOW)).view();

    StatusView.Service backend = view.services().get(0);
    assertThat(backend.days()).hasSize(90);
    assertThat(backend.days().get(0)).isEqualTo(new StatusView.Day(TODAY.minusDays(89), 4, 1.0));
    assertThat(backend.days().get(1).availability()).isNull();
    assertThat(backend.days().get(87).availability()).isEqualTo(0.0);
    assertThat(backend.days().get(88).availability()).isEqualTo(0.6);
    assertThat(backend.days().get(89).availability()).isEqualTo(1.0);
    assertThat(backend.uptime()).isEqualTo(11.0 / 14);
    assertThat(view.services().get(1).uptime()).isEqualTo(1.0);
    assertThat(view.services().get(2).uptime()).isNull();
    assertThat(view.services().get(2).days()).hasSize(90);
    String html = StatusHtml.render(view);
    assertThat(html.split("<span class=\"", -1)).hasSize(3 * 90 + 3 + 1);
    assertThat(html).contains("78.57% uptime").contains("100.00% uptime").contains("no data");
  }
}
