package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.config.AureaConfig;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.Problem;
import dev.opsbot.config.SavedQueries;
import dev.opsbot.config.SqlSettings;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.sql.QueryLimits;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.sql.SavedQueryCatalog;
import dev.opsbot.sql.SqlGuard;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.Golden;
import dev.opsbot.testing.Results;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The digest's words from a seeded week: probe history written through the history store and rolled
 * up, alerts and audit rows as opsbot writes them, business figures through the shipped saved
 * queries against fleet tables. Compared with golden files.
 */
class DigestContentIT {
  private static final Instant END = Instant.parse("2026-11-25T15:30:00Z"); // 08:30 in Denver
  private static final ZoneId DENVER = ZoneId.of("America/Denver");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static EmbeddedPostgres postgres;
  private static StateDatabase database;
  private static DigestBuilder builder;
  private static DigestQueries queries;

  @BeforeAll
  static void seed() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    database = new StateDatabase(url, "postgres", null);
    ProbeHistoryStore history =
        new ProbeHistoryStore(database, Duration.ofDays(7), Duration.ofDays(90));
    List<ProbeResult> week = week();
    for (int from = 0; from < week.size(); from += 5_000) {
      history.write(week.subList(from, Math.min(week.size(), from + 5_000)));
    }
    history.rollUp(END.minus(Duration.ofDays(8)), END);
    seedAlertsAndAudit();
    seedFleetTables();
    queries = new DigestQueries(database, history);
    builder =
        new DigestBuilder(
            List.of(
                new DigestBuilder.Target("ai-agents", "AI Agents"),
                new DigestBuilder.Target("backend", "Backend"),
                new DigestBuilder.Target("erp", "Weathercraft ERP"),
                new DigestBuilder.Target("mrg", "MyRoofGenius"),
                new DigestBuilder.Target("supabase", "supabase")),
            Optional.of(new AureaConfig("ai-agents", "usage", "scheduler", 61, 5)),
            queries,
            business(postgres));
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
    postgres.close();
  }

  @Test
  void rollbacksAreCountedByTheirKindHoweverTheAuditTextIsWorded() throws Exception {
    // A day after the seeded week, so the golden digests do not see these rows.
    Instant from = END.plus(Duration.ofDays(1));
    String audit =
        "INSERT INTO audit_log (at, platform, user_id, channel, kind, action, outcome) VALUES"
            + " (?, 'slack', 'U1', 'C1', ?, ?, ?)";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(audit)) {
      Instant at = from.plusSeconds(600);
      // Outcomes worded otherwise than today's "rollback outcome <service>": they still count.
      auditRow(insert, at, AuditKind.ROLLBACK_OUTCOME, "rolled back backend", "ok");
      auditRow(insert, at, AuditKind.ROLLBACK_OUTCOME, "erp: rollback not verified", "error");
      // Reads like an outcome, but is a request: nothing was rolled back.
      auditRow(insert, at, AuditKind.ROLLBACK_REQUEST, "rollback outcome mrg", "ok");
    }

    DigestFacts.OperationFigures figures = queries.operations(from, from.plus(Duration.ofHours(1)));

    assertThat(figures.rollbacks()).isEqualTo(2);
    assertThat(figures.rollbacksFailed()).isEqualTo(1);
  }

  /**
   * A week every minute: backend 100-160 ms and down for 30 minutes yesterday evening, erp slower
   * and degraded for an hour this morning, mrg never probed (a new service), supabase steady; AUREA
   * stopped for 20 minutes and its scheduler at 58 jobs for an hour.
   */
  private static List<ProbeResult> week() {
    List<ProbeResult> results = new ArrayList<>();
    Instant start = END.minus(Duration.ofDays(7));
    Instant outage = Instant.parse("2026-11-25T02:00:00Z");
    Instant degraded = Instant.parse("2026-11-25T13:00:00Z");
    Instant stopped = Instant.parse("2026-11-25T05:00:00Z");
    Instant shortOfJobs = Instant.parse("2026-11-25T09:00:00Z");
    long cycles = 5_000;
    long decisions = 100;
    int minute = 0;
    for (Instant at = start; at.isBefore(END); at = at.plus(Duration.ofMinutes(1)), minute++) {
      boolean backendDown = within(at, outage, Duration.ofMinutes(30));
      results.add(
          Results.withFields(
              ProbeKey.health("backend"),
              backendDown ? ProbeStatus.DOWN : ProbeStatus.UP,
              backendDown ? 5_000 : 100 + minute % 7 * 10,
              Map.of(),
              at));
      boolean erpSlow = within(at, degraded, Duration.ofHours(1));
      results.add(
          Results.withFields(
              ProbeKey.health("erp"),
              erpSlow ? ProbeStatus.DEGRADED : ProbeStatus.UP,
              erpSlow ? 2_600 : 250 + minute % 5 * 20,
              Map.of(),
              at));
      results.add(
          Results.withFields(ProbeKey.database("supabase"), ProbeStatus.UP, 4, Map.of(), at));
      results.add(
          Results.withFields(ProbeKey.health("ai-agents"), ProbeStatus.UP, 180, Map.of(), at));
      if (minute % 5 == 0) {
        boolean running = !within(at, stopped, Duration.ofMinutes(20));
        if (running) {
          cycles += 1;
          decisions += minute % 15 == 0 ? 1 : 0;
        }
        results.add(
            Results.withFields(
                ProbeKey.endpoint("ai-agents", "usage"),
                ProbeStatus.UP,
                150,
                Map.of(
                    "running", JSON.booleanNode(running),
                    "cyclesCompleted", JSON.numberNode(cycles),
                    "decisionsMade", JSON.numberNode(decisions)),
                at));
        int jobs = within(at, shortOfJobs, Duration.ofHours(1)) ? 58 : 61;
        results.add(
            Results.withFields(
                ProbeKey.endpoint("ai-agents", "scheduler"),
                ProbeStatus.UP,
                120,
                Map.of("jobsCount", JSON.numberNode(jobs), "registeredJobs", JSON.numberNode(jobs)),
                at));
      }
    }
    return results;
  }

  private static boolean within(Instant at, Instant from, Duration length) {
    return !at.isBefore(from) && at.isBefore(from.plus(length));
  }

  private static void seedAlertsAndAudit() throws Exception {
    try (Connection connection = database.dataSource().getConnection()) {
      String alert =
          "INSERT INTO alerts (rule_id, service, severity, state, summary, opened_at, fired_at,"
              + " acknowledged_at, resolved_at) VALUES (?, ?, ?, ?, 'seeded', ?, ?, ?, ?)";
      try (PreparedStatement insert = connection.prepareStatement(alert)) {
        // backend down: fired, acknowledged after 4 min, resolved after 32 min.
        alertRow(
            insert, "service-down", "backend", "critical", "resolved", "02:01", "02:05", "02:33");
        // backend down again the day before the period: not counted.
        alertRow(insert, "service-down", "backend", "critical", "resolved", "-1d", null, "-1d");
        // erp slow: fired, acknowledged after 10 min, still open.
        alertRow(insert, "latency-p99", "erp", "warning", "acknowledged", "13:02", "13:12", null);
        // erp slow once more earlier, resolved without acknowledgement after 20 min.
        alertRow(insert, "latency-p99", "erp", "warning", "resolved", "11:00", null, "11:20");
        alertRow(insert, "latency-p99", "backend", "warning", "resolved", "09:00", null, "09:10");
      }
      String audit =
          "INSERT INTO audit_log (at, platform, user_id, channel, kind, action, outcome) VALUES"
              + " (?, 'slack', 'U1', 'C1', ?, ?, ?)";
      try (PreparedStatement insert = connection.prepareStatement(audit)) {
        // What one performed rollback of backend leaves: the command, the service's own rows, the
        // click on Confirm; and a second one that failed. A request that was never confirmed
        // rolled nothing back.
        auditRow(insert, AuditKind.COMMAND, "/rollback backend", "ok");
        auditRow(insert, AuditKind.ROLLBACK_REQUEST, "backend", "ok");
        auditRow(insert, AuditKind.CLICK, "rollback.confirm", "ok");
        auditRow(insert, AuditKind.ROLLBACK_CONFIRM, "backend", "ok");
        auditRow(insert, AuditKind.ROLLBACK_OUTCOME, "backend", "ok");
        auditRow(insert, AuditKind.COMMAND, "/rollback erp", "ok");
        auditRow(insert, AuditKind.ROLLBACK_REQUEST, "erp", "ok");
        auditRow(insert, AuditKind.ROLLBACK_CONFIRM, "erp", "ok");
        auditRow(insert, AuditKind.ROLLBACK_OUTCOME, "erp", "error");
        auditRow(insert, AuditKind.COMMAND, "/rollback mrg", "ok");
        auditRow(insert, AuditKind.ROLLBACK_REQUEST, "mrg", "ok");
        auditRow(insert, AuditKind.COMMAND, "/sql SELECT 1", "ok");
        auditRow(insert, AuditKind.COMMAND, "/sql customers-by-tenant", "ok");
        auditRow(insert, AuditKind.COMMAND, "/sql DELETE FROM jobs", "refused");
        auditRow(insert, AuditKind.COMMAND, "/health", "ok");
        auditRow(insert, AuditKind.COMMAND, "/sqlfoo", "error");
      }
    }
  }

  private static void alertRow(
      PreparedStatement insert,
      String rule,
      String service,
      String severity,
      String state,
      String fired,
      String acked,
      String resolved)
      throws Exception {
    insert.setString(1, rule);
    insert.setString(2, service);
    insert.setString(3, severity);
    insert.setString(4, state);
    insert.setTimestamp(5, at(fired));
    insert.setTimestamp(6, at(fired));
    insert.setTimestamp(7, at(acked));
    insert.setTimestamp(8, at(resolved));
    insert.executeUpdate();
  }

  /** "HH:mm" on 25 November (UTC), or "-1d" for two days before the digest. */
  private static Timestamp at(String time) {
    if (time == null) {
      return null;
    }
    if (time.equals("-1d")) {
      return Timestamp.from(END.minus(Duration.ofHours(40)));
    }
    return Timestamp.from(Instant.parse("2026-11-25T" + time + ":00Z"));
  }

  /** A row as opsbot writes it: its kind, and the action text worded from the kind. */
  private static void auditRow(
      PreparedStatement insert, AuditKind kind, String subject, String outcome) throws Exception {
    auditRow(insert, END.minus(Duration.ofHours(3)), kind, kind.describe(subject), outcome);
  }

  private static void auditRow(
      PreparedStatement insert, Instant at, AuditKind kind, String action, String outcome)
      throws Exception {
    insert.setTimestamp(1, Timestamp.from(at));
    insert.setString(2, kind.id());
    insert.setString(3, action);
    insert.setString(4, outcome);
    insert.executeUpdate();
  }

  /** FLEET.md's tables, with rows dated relative to the database's own clock. */
  private static void seedFleetTables() throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE public.tenants (id int PRIMARY KEY, created_at timestamptz NOT NULL);
          CREATE TABLE public.customers (id int PRIMARY KEY, created_at timestamptz NOT NULL);
          CREATE TABLE public.jobs (id int PRIMARY KEY, created_at timestamptz NOT NULL);
          CREATE TABLE public.agent_executions (id int PRIMARY KEY, agent_name text,
            status text, execution_time_ms int, created_at timestamptz NOT NULL);
          INSERT INTO public.tenants SELECT i, now() - interval '30 days' FROM generate_series(1, 148) i;
          INSERT INTO public.customers SELECT i, now() - CASE WHEN i <= 12 THEN interval '2 hours'
            ELSE interval '10 days' END FROM generate_series(1, 10012) i;
          INSERT INTO public.jobs SELECT i, now() - CASE WHEN i <= 35 THEN interval '5 hours'
            ELSE interval '3 days' END FROM generate_series(1, 18403) i;
          INSERT INTO public.agent_executions SELECT i, 'PricingOptimizer',
            CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'completed' END, 1000 + i % 3 * 500,
            now() - interval '1 hour' FROM generate_series(1, 40) i;
          """);
    }
  }

  private static BusinessFigures business(EmbeddedPostgres postgres) {
    List<Problem> problems = new ArrayList<>();
    SavedQueries saved =
        new ConfigLoader(Map.of()).loadSavedQueries(Path.of("commands/queries.yaml"), problems);
    SavedQueryCatalog catalog =
        SavedQueryCatalog.check(
            saved, "commands/queries.yaml", new SqlGuard(), Set.of("supabase"), problems);
    assertThat(problems).isEmpty();
    SqlSettings sql = SqlSettings.DEFAULT;
    return new SavedQueryFigures(
        catalog,
        new ReadOnlyQueryRunner(
            postgres.getPostgresDatabase(),
            new QueryLimits(
                sql.statementTimeout(), sql.lockTimeout(), sql.rowsFetched(), sql.cellWidth())),
        "digest-figures",
        List.of("digest-agent-executions", "no-such-query"));
  }

  private Digest digest(Instant scheduledFor) {
    return new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY))
        .word(builder.build(END, DENVER, scheduledFor));
  }

  @Test
  void summaryFitsOneScreenWithTheVerdictFirst() {
    Digest digest = digest(null);

    Golden.assertMessage(DigestContentIT.class, "summary", digest.summary());
    String text = new dev.opsbot.chat.PlainTextRenderer().render(digest.summary());
    assertThat(text.lines().count()).isLessThanOrEqualTo(30);
    assertThat(text.lines().skip(1).findFirst().orElseThrow())
        // 30 minutes down in the 23.5 hours since 09:00 yesterday: 97.87%.
        .isEqualTo("Needs attention: backend 97.87%; 1 open alert");
  }

  @Test
  void detailsGiveEveryServiceTheWeekAlertsAureaBusinessAndOperations() {
    Digest digest = digest(null);

    Golden.assertMessage(DigestContentIT.class, "details", digest.details());
  }

  @Test
  void countsComeFromTheSeededPeriodOnly() {
    DigestReport report = digest(null).report();

    assertThat(report.alerts().fired()).isEqualTo(4);
    assertThat(report.alerts().acknowledged()).isEqualTo(2);
    assertThat(report.alerts().resolved()).isEqualTo(3);
    assertThat(report.alerts().open()).isEqualTo(1);
    assertThat(report.alerts().meanTimeToAcknowledge()).isEqualTo(Duration.ofMinutes(7));
    assertThat(report.alerts().noisiestRule()).isEqualTo("latency-p99");
    assertThat(report.operations().rollbacks()).as("rollbacks performed").isEqualTo(2);
    assertThat(report.operations().rollbacksFailed()).as("failed or unverified").isEqualTo(1);
    assertThat(report.operations().sqlQueries()).isEqualTo(3);
    assertThat(report.operations().sqlRefused()).isEqualTo(1);
    DigestReport.AureaLine aurea = report.aurea().orElseThrow();
    assertThat(aurea.notRunning()).isEqualTo(Duration.ofMinutes(20));
    assertThat(aurea.jobsLowest()).isEqualTo(58);
    assertThat(aurea.jobsNow()).isEqualTo(61);
    DigestReport.ServiceLine backend = report.services().get(1);
    assertThat(backend.id()).isEqualTo("backend");
    assertThat(backend.incidents()).isEqualTo(2);
    assertThat(backend.availability()).isLessThan(0.99).isGreaterThan(0.97);
    assertThat(report.services().get(3).samples()).isZero(); // mrg, never probed
  }

  @Test
  void aLateDigestSaysWhenItWasDue() {
    Digest digest = digest(END);

    assertThat(new dev.opsbot.chat.PlainTextRenderer().render(digest.summary()))
        .contains("posted late: it was due Wed 08:30");
  }
}
