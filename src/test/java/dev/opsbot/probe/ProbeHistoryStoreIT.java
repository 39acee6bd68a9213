package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.digest.DigestFacts.HourlyRollup;
import dev.opsbot.digest.DigestQueries;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Results;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probe history in a real PostgreSQL: recorded from the probe listener, rolled up, pruned. */
class ProbeHistoryStoreIT {
  private static final Instant NOW = Instant.parse("2026-11-25T15:30:00Z");

  private EmbeddedPostgres postgres;
  private StateDatabase database;
  private ProbeHistoryStore store;

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    store = new ProbeHistoryStore(database, Duration.ofDays(7), Duration.ofDays(90));
  }

  @AfterEach
  void stop() throws Exception {
    database.close();
    postgres.close();
  }

  @Test
  void anHourRollsUpToCountsExactPercentilesAndAHistogram() {
    Instant hour = Instant.parse("2026-11-25T14:00:00Z");
    List<ProbeResult> results = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ProbeStatus status = i == 10 ? ProbeStatus.DOWN : ProbeStatus.UP;
      results.add(
          Results.status(
              ProbeKey.health("backend"), status, 200, i * 10, "ok", hour.plusSeconds(i * 60)));
    }
    store.write(results);

    store.rollUp(hour, NOW);

    HourlyRollup rollup = hourly().getFirst();
    assertThat(rollup.hour()).isEqualTo(hour);
    assertThat(rollup.samples()).isEqualTo(10);
    assertThat(rollup.up()).isEqualTo(9);
    assertThat(rollup.down()).isEqualTo(1);
    assertThat(rollup.p50Ms()).isEqualTo(50);
    assertThat(rollup.p99Ms()).isEqualTo(100);
    assertThat(rollup.latency().total()).isEqualTo(10);
    assertThat(rollup.latency().percentile(0.5)).isBetween(44L, 56L);
  }

  @Test
  void rollingAnHourAgainAfterLateRowsReplacesIt() {
    Instant hour = Instant.parse("2026-11-25T14:00:00Z");
    store.write(List.of(Results.up(ProbeKey.health("erp"), 100, null, hour.plusSeconds(10))));
    store.rollUp(hour, NOW);
    store.write(List.of(Results.up(ProbeKey.health("erp"), 300, null, hour.plusSeconds(20))));

    store.rollUp(hour, NOW);

    assertThat(hourly()).singleElement().satisfies(r -> assertThat(r.samples()).isEqualTo(2));
  }

  @Test
  void aDigestBuiltForAnEarlierTimeLeavesItsHourWhole() {
    Instant hour = Instant.parse("2026-11-25T14:00:00Z");
    store.write(
        List.of(
            Results.up(ProbeKey.health("erp"), 100, null, hour.plus(Duration.ofMinutes(10))),
            Results.up(ProbeKey.health("erp"), 100, null, hour.plus(Duration.ofMinutes(50)))));

    // A late digest for 14:30, built at 17:00.
    new DigestQueries(database, store).refresh(hour.plus(Duration.ofMinutes(30)));

    assertThat(hourly()).singleElement().satisfies(r -> assertThat(r.samples()).isEqualTo(2));
  }

  @Test
  void rawRowsGoAfterSevenDaysAndHourlyRowsAfterNinety() throws Exception {
    store.write(
        List.of(
            Results.up(ProbeKey.health("erp"), 100, null, NOW.minus(Duration.ofDays(91))),
            Results.up(ProbeKey.health("erp"), 100, null, NOW.minus(Duration.ofDays(8))),
            Results.up(ProbeKey.health("erp"), 100, null, NOW.minus(Duration.ofDays(6)))));
    store.rollUp(NOW.minus(Duration.ofDays(92)), NOW);
    assertThat(count("probe_samples")).isEqualTo(3);
    assertThat(count("probe_hourly")).isEqualTo(3);

    store.prune(NOW);

    assertThat(count("probe_samples")).isEqualTo(1);
    assertThat(count("probe_hourly")).isEqualTo(2);
  }

  @Test
  void theRecorderWritesWhatProbesReportAndKeepsTheFieldsTheDigestReads() throws Exception {
    FakeClock clock = new FakeClock(NOW);
    HistoryRecorder recorder =
        new HistoryRecorder(store, clock, 1_000, Duration.ofMinutes(5)).start();
    for (int i = 0; i < 50; i++) {
      recorder.onResult(
          Results.withFields(
              ProbeKey.endpoint("ai-agents", "usage"),
              ProbeStatus.UP,
              120,
              java.util.Map.of(
                  "running",
                  com.fasterxml.jackson.databind.node.BooleanNode.TRUE,
                  "nextJobs",
                  com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()),
              NOW.minusSeconds(60 - i)));
    }
    recorder.close();

    assertThat(count("probe_samples")).isEqualTo(50);
    var samples =
        new DigestQueries(database, store)
            .fieldSamples("ai-agents", NOW.minusSeconds(3600), NOW.plusSeconds(1));
    assertThat(samples).hasSize(50);
    // Scalars are history; lists such as the next jobs are not.
    assertThat(samples.getFirst().fields())
        .containsOnlyKeys("running")
        .containsEntry("running", "true");
  }

  private List<HourlyRollup> hourly() {
    return new DigestQueries(database, store)
        .hourly(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(1)));
  }

  private long count(String table) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
