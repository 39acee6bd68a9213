package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.Results;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The digest over maintenance windows, against a real PostgreSQL with a seeded day of probe history
 * written through the history store and rolled up, and windows stored as /maintenance and the
 * configured schedules store them: time in a window counts neither for nor against a service.
 */
class DigestMaintenanceIT {
  private static final Instant END = Instant.parse("2026-11-25T15:30:00Z");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static EmbeddedPostgres postgres;
  private static StateDatabase database;
  private static DigestReport report;
  private static Digest digest;

  @BeforeAll
  static void seed() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    ProbeHistoryStore history =
        new ProbeHistoryStore(database, Duration.ofDays(7), Duration.ofDays(90));
    history.write(day());
    history.rollUp(END.minus(Duration.ofDays(2)), END);
    // backend: a configured window and one from chat overlapping it, neither on the hour.
    window("backend", "02:30", "03:00", null, "weekly deploy");
    window("backend", "02:45", "03:40", "03:30", "overrun");
    // mrg: a window at another time than its outage.
    window("mrg", "09:00", "09:30", null, null);
    // Before the period: not listed.
    window("erp", "-2d", "-2d+1h", null, "old");
    DigestBuilder builder =
        new DigestBuilder(
            List.of(
                new DigestBuilder.Target("backend", "Backend"),
                new DigestBuilder.Target("erp", "Weathercraft ERP"),
                new DigestBuilder.Target("mrg", "MyRoofGenius")),
            Optional.empty(),
            new DigestQueries(database, history),
            () -> DigestFacts.BusinessReport.NONE);
    report = builder.build(END, UTC, null);
    digest = new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY)).word(report);
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
    postgres.close();
  }

  /**
   * Every 30 s for 26 hours: backend down from 02:30 to 03:30 (only while in maintenance), mrg down
   * from 12:00 to 12:30 (outside its window), erp always up.
   */
  private static List<ProbeResult> day() {
    List<ProbeResult> results = new ArrayList<>();
    for (Instant at = END.minus(Duration.ofHours(26)); at.isBefore(END); at = at.plusSeconds(30)) {
      results.add(result("backend", within(at, "02:30", "03:30"), at));
      results.add(result("mrg", within(at, "12:00", "12:30"), at));
      results.add(result("erp", false, at));
    }
    return results;
  }

  private static ProbeResult result(String service, boolean down, Instant at) {
    return Results.withFields(
        ProbeKey.health(service),
        down ? ProbeStatus.DOWN : ProbeStatus.UP,
        down ? 5_000 : 120,
        Map.of(),
        at);
  }

  private static boolean within(Instant at, String from, String to) {
    return !at.isBefore(time(from)) && at.isBefore(time(to));
  }

  /** "HH:mm" on 25 November (UTC); "-2d" two days before the digest, "+1h" an hour later. */
  private static Instant time(String text) {
    if (text.startsWith("-2d")) {
      Instant base = END.minus(Duration.ofDays(2));
      return text.endsWith("+1h") ? base.plus(Duration.ofHours(1)) : base;
    }
    return Instant.parse("2026-11-25T" + text + ":00Z");
  }

  /** A window as the alert desk stores one; {@code endedAt} when it was ended early by hand. */
  private static void window(String service, String from, String to, String endedAt, String reason)
      throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO silences (kind, service_eq, starts_at, ends_at, ended_at,"
                    + " created_by, reason) VALUES ('maintenance', ?, ?, ?, ?, 'dana', ?)")) {
      insert.setArray(1, connection.createArrayOf("text", new String[] {service}));
      insert.setTimestamp(2, Timestamp.from(time(from)));
      insert.setTimestamp(3, Timestamp.from(time(to)));
      insert.setTimestamp(4, endedAt == null ? null : Timestamp.from(time(endedAt)));
      insert.setString(5, reason);
      insert.executeUpdate();
    }
  }

  private static DigestReport.ServiceLine line(String id) {
    return report.services().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aServiceDownOnlyDuringItsWindowsIsAtOneHundredPercentWithTheNote() {
    assertThat(line("backend").availability()).isEqualTo(1.0);
    assertThat(line("backend").weekAvailability()).isEqualTo(1.0);
    assertThat(report.maintenance().excluded())
        .as("02:30 to 03:30, the overlap counted once")
        .containsEntry("backend", Duration.ofHours(1));
    String post = new PlainTextRenderer().render(digest.summary());
    assertThat(post)
        .contains(
            "Maintenance:                   3 windows (listed in the thread); availability"
                + " excludes 1 h of maintenance for backend, 30 min for mrg");
  }

  @Test
  void aServiceDownOutsideItsWindowIsBelowOneHundredPercent() {
    // mrg: down 30 min of the 23.5 hours, its window (09:00-09:30) left out: 30 / 1380 min.
    assertThat(line("mrg").availability()).isLessThan(1.0).isCloseTo(1 - 30.0 / 1380, within());
    assertThat(line("erp").availability()).isEqualTo(1.0);
    assertThat(report.maintenance().excluded())
        .containsEntry("mrg", Duration.ofMinutes(30))
        .doesNotContainKey("erp");
    assertThat(DigestPost.verdict(report)).startsWith("Needs attention: mrg 97.82%");
  }

  @Test
  void theThreadListsTheWindowsOfThePeriodOnly() {
    String thread = new PlainTextRenderer().render(digest.details());

    assertThat(thread)
        .contains(
            "Maintenance windows: backend Wed 02:30 – 03:00 (weekly deploy); backend Wed 02:45 –"
                + " 03:30 (overrun); mrg Wed 09:00 – 09:30; availability excludes 1 h of"
                + " maintenance for backend, 30 min for mrg.")
        .contains(
            "Availability counts answers (up or degraded) among all probes outside"
                + " maintenance windows")
        .doesNotContain("(old)");
    assertThat(report.maintenance().windows()).hasSize(3);
  }

  @Test
  void theProbeHistoryDuringAWindowIsKept() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT (SELECT count(*) FROM probe_samples WHERE subject = 'backend'"
                    + " AND status = 'X'), (SELECT sum(down) FROM probe_hourly"
                    + " WHERE subject = 'backend')");
        ResultSet rows = count.executeQuery()) {
      rows.next();
      assertThat(rows.getLong(1)).as("raw samples: an hour every 30 s").isEqualTo(120);
      assertThat(rows.getLong(2)).as("rolled up as measured").isEqualTo(120);
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
