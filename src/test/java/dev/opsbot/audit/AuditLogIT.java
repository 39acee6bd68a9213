package dev.opsbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.opsbot.access.Caller;
import dev.opsbot.command.Outcome;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class AuditLogIT {
  private static AuditEntry entry(String action, Outcome outcome, Instant at) {
    return new AuditEntry(
        at,
        "slack",
        "U0ONCALL",
        "olga",
        "C0OPS",
        AuditKind.COMMAND,
        action,
        outcome,
        Duration.ofMillis(42),
        "rows=10");
  }

  private static String url(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits, bounded, until the log holds {@code rows} rows: the writer is a background thread. The
   * assertion after it says what did not happen.
   */
  private static void awaitRows(AuditLog log, int rows) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      try {
        if (log.latest(rows).size() >= rows) {
          return;
        }
      } catch (StateUnavailableException e) {
        // not reachable yet: try again
      }
      Thread.sleep(50);
    }
  }

  @Test
  void entriesAreWrittenAndReadBackNewestFirst() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null);
        AuditLog log = new AuditLog(state, 100)) {
      Instant now = Instant.parse("2026-11-25T09:00:00Z");
      log.record(entry("/sql customers-by-tenant", Outcome.OK, now.minusSeconds(60)));
      log.record(entry("/audit", Outcome.REFUSED, now));
      awaitRows(log, 2);

      List<AuditEntry> latest = log.latest(10);

      assertThat(latest)
          .extracting(AuditEntry::action, AuditEntry::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/audit", Outcome.REFUSED),
              org.assertj.core.groups.Tuple.tuple("/sql customers-by-tenant", Outcome.OK));
      assertThat(latest.getFirst()).isEqualTo(entry("/audit", Outcome.REFUSED, now));
    }
  }

  @Test
  void aRowCountsAsPendingUntilItIsInTheDatabaseSoAuditReadAfterItFindsIt() throws Exception {
    // /audit and callers that wait for the writer read once nothing is pending: a row taken off
    // the queue but not yet written must still count, or they read the table too early.
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null);
        AuditLog log = new AuditLog(state, 100)) {
      Instant now = Instant.parse("2026-11-25T09:00:00Z");
      for (int i = 1; i <= 200; i++) {
        log.record(entry("/sql q" + i, Outcome.OK, now.plusSeconds(i)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (log.pendingCount() > 0 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(log.latest(1)).extracting(AuditEntry::action).containsExactly("/sql q" + i);
      }
    }
  }

  @Test
  void everyKindIsStoredAndReadBack() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null);
        AuditLog log = new AuditLog(state, 100)) {
      Caller olga = new Caller("slack", "U0ONCALL", "olga", "C0OPS");
      for (AuditKind kind : AuditKind.values()) {
        log.record(
            AuditEntry.of(Instant.now(), olga, kind, "backend", Outcome.OK, Duration.ZERO, null));
      }
      awaitRows(log, AuditKind.values().length);

      assertThat(log.latest(AuditKind.values().length))
          .extracting(AuditEntry::kind)
          .containsExactlyInAnyOrder(AuditKind.values());
    }
  }

  @Test
  void rowsWrittenBeforeKindsExistedGetTheirKindFromTheirText() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      // The schema before audit rows had a kind, and rows written then.
      Flyway.configure()
          .dataSource(postgres.getPostgresDatabase())
          .schemas("opsbot")
          .createSchemas(true)
          .locations("classpath:db/migration")
          .target("6")
          .load()
          .migrate();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO opsbot.audit_log (at, platform, user_id, action, outcome) VALUES"
                + " (now(), 'slack', 'U1', '/rollback backend', 'ok'),"
                + " (now(), 'slack', 'U1', 'click rollback.confirm', 'ok'),"
                + " (now(), 'slack', 'U1', 'rollback confirm backend', 'refused'),"
                + " (now(), 'slack', 'U1', 'rollback outcome backend', 'ok'),"
                + " (now(), 'slack', 'U1', 'rollback autodeploy-off backend', 'ok')");
      }

      try (StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null);
          AuditLog log = new AuditLog(state, 100)) {
        assertThat(log.latest(10))
            .extracting(AuditEntry::kind, AuditEntry::action)
            .containsExactlyInAnyOrder(
                tuple(AuditKind.COMMAND, "/rollback backend"),
                tuple(AuditKind.CLICK, "click rollback.confirm"),
                tuple(AuditKind.ROLLBACK_CONFIRM, "rollback confirm backend"),
                tuple(AuditKind.ROLLBACK_OUTCOME, "rollback outcome backend"),
                tuple(AuditKind.ROLLBACK_AUTODEPLOY_OFF, "rollback autodeploy-off backend"));
        try (Connection connection = state.dataSource().getConnection();
            Statement statement = connection.createStatement()) {
          assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_log"))
              .as("still append-only after the migration")
              .hasMessageContaining("audit_log is append-only");
        }
      }
    }
  }

  @Test
  void theTableRefusesUpdatesAndDeletes() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null);
        AuditLog log = new AuditLog(state, 100)) {
      log.record(entry("/sql memory-entries", Outcome.OK, Instant.now()));
      awaitRows(log, 1);

      try (Connection connection = state.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_log SET outcome = 'ok'"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_log"))
            .hasMessageContaining("audit_log is append-only");
      }
      assertThat(log.latest(10)).hasSize(1);
    }
  }

  @Test
  void entriesWaitWhileTheDatabaseIsDownAndAreWrittenWhenItComesBack() throws Exception {
    int port = freePort();
    try (StateDatabase state = new StateDatabase(url(port), "postgres", null);
        AuditLog log = new AuditLog(state, 100)) {
      log.record(entry("/health", Outcome.OK, Instant.now()));
      log.record(entry("/sql recent-agent-executions", Outcome.OK, Instant.now()));

      assertThat(log.pendingCount()).isGreaterThanOrEqualTo(1);
      assertThatThrownBy(() -> log.latest(5))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessage("database unavailable: connection refused");

      try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start()) {
        awaitRows(log, 2);
        assertThat(log.latest(5))
            .extracting(AuditEntry::action)
            .containsExactlyInAnyOrder("/health", "/sql recent-agent-executions");
        assertThat(log.droppedCount()).isZero();
      }
    }
  }

  @Test
  void aFullQueueCountsWhatItDrops() throws Exception {
    int port = freePort();
    try (StateDatabase state = new StateDatabase(url(port), "postgres", null);
        AuditLog log = new AuditLog(state, 2)) {
      for (int i = 0; i < 6; i++) {
        log.record(entry("/health " + i, Outcome.OK, Instant.now()));
      }

      // The writer holds at most one batch; the queue holds two more; the rest are counted.
      assertThat(log.droppedCount()).isBetween(2L, 4L);
      assertThat(log.pendingCount() + log.droppedCount()).isLessThanOrEqualTo(6);
      log.close(Duration.ofMillis(100));
    }
  }

  private static List<String> actionsIn(StateDatabase state) throws SQLException {
    List<String> actions = new java.util.ArrayList<>();
    try (Connection connection = state.dataSource().getConnection();
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT action FROM audit_log ORDER BY id")) {
      while (rows.next()) {
        actions.add(rows.getString(1));
      }
    }
    return actions;
  }

  private static void awaitActions(StateDatabase state, int rows) throws Exception {
    for (int i = 0; i < 300; i++) {
      try {
        if (actionsIn(state).size() >= rows) {
          return;
        }
      } catch (SQLException e) {
        // not migrated yet
      }
      Thread.sleep(50);
    }
  }

  private static void awaitSpilled(AuditLog log) throws InterruptedException {
    for (int i = 0; i < 1_500 && (log.pendingCount() > 0 || !log.hasSpilledRows()); i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void aNulByteInACommandIsStoredVisiblyAndBlocksNothing() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null);
        AuditLog log = new AuditLog(state, 100)) {
      log.record(entry("/health", Outcome.OK, Instant.now()));
      log.record(entry("/nope\u0000x", Outcome.ERROR, Instant.now()));
      log.record(entry("/sql SELECT '\u0000\ud800'", Outcome.ERROR, Instant.now()));
      log.record(entry("/alerts", Outcome.OK, Instant.now()));
      awaitActions(state, 4);

      assertThat(actionsIn(state))
          .containsExactly("/health", "/nope\u2400x", "/sql SELECT '\u2400\ufffd'", "/alerts");
      assertThat(log.rejectedCount()).isZero();
    }
  }

  @Test
  void aRowTheDatabaseRefusesIsSetAsideAndTheOthersAreWritten() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null)) {
      state.requireReady();
      try (Connection connection = state.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        // Any reason a database may refuse one row: here a trigger, standing in for what we
        // cannot foresee.
        statement.execute(
            "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF"
                + " NEW.action LIKE '%poison%' THEN RAISE EXCEPTION 'poisoned row'; END IF;"
                + " RETURN NEW; END $$");
        statement.execute(
            "CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE"
                + " FUNCTION refuse_poison()");
      }
      try (AuditLog log = new AuditLog(state, 100)) {
        log.record(entry("/health", Outcome.OK, Instant.now()));
        log.record(entry("/poison", Outcome.OK, Instant.now()));
        log.record(entry("/alerts", Outcome.OK, Instant.now()));
        awaitActions(state, 2);
        log.record(entry("/audit", Outcome.OK, Instant.now()));
        awaitActions(state, 3);

        assertThat(actionsIn(state)).containsExactly("/health", "/alerts", "/audit");
        assertThat(log.rejectedCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void rowsSpillToAPrivateFileWhileTheDatabaseIsDownAndAreReplayedAtTheNextStart(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
    int port = freePort();
    java.nio.file.Path spill = directory.resolve("audit-pending.jsonl");
    try (StateDatabase state = new StateDatabase(url(port), "postgres", null);
        AuditLog log = new AuditLog(state, 100, spill)) {
      for (int i = 0; i < 10; i++) {
        log.record(entry("/health " + i, Outcome.OK, Instant.now()));
      }
      awaitSpilled(log);

      assertThat(log.pendingCount()).isZero();
      assertThat(java.nio.file.Files.readAllLines(spill)).hasSize(10);
      assertThat(java.nio.file.Files.getPosixFilePermissions(spill))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      log.record(entry("/alerts", Outcome.OK, Instant.now()));
    }
    assertThat(java.nio.file.Files.readAllLines(spill))
        .as("closed: nothing left in memory")
        .hasSize(11);

    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start();
        StateDatabase state = new StateDatabase(url(port), "postgres", null);
        AuditLog log = new AuditLog(state, 100, spill)) {
      awaitActions(state, 11);

      assertThat(actionsIn(state)).hasSize(11).startsWith("/health 0").endsWith("/alerts");
      assertThat(log.latest(1).getFirst())
          .isEqualTo(entry("/alerts", Outcome.OK, log.latest(1).getFirst().at()));
      for (int i = 0; i < 100 && java.nio.file.Files.exists(spill); i++) {
        Thread.sleep(20);
      }
      assertThat(spill).doesNotExist();
    }
  }

  @Test
  void rowsWrittenWhileTheDatabaseWasDownSurviveACrash(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
    int port = freePort();
    java.nio.file.Path spill = directory.resolve("audit-pending.jsonl");
    Process child =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashingBot.class.getName(),
                url(port),
                spill.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("child.log").toFile())
            .start();
    assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue())
        .as(java.nio.file.Files.readString(directory.resolve("child.log")))
        .isEqualTo(CrashingBot.CRASHED);

    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start();
        StateDatabase state = new StateDatabase(url(port), "postgres", null);
        AuditLog log = new AuditLog(state, 100, spill)) {
      awaitActions(state, 10);

      assertThat(actionsIn(state)).hasSize(10);
    }
  }

  /** A bot whose state database is down: it audits 10 commands, then the process dies. */
  public static final class CrashingBot {
    static final int CRASHED = 137;

    public static void main(String[] args) throws Exception {
      StateDatabase state = new StateDatabase(args[0], "postgres", null);
      AuditLog log = new AuditLog(state, 100, java.nio.file.Path.of(args[1]));
      for (int i = 0; i < 10; i++) {
        log.record(entry("/health " + i, Outcome.OK, Instant.now()));
      }
      // The writer has them out of memory (in the spill file): then the process is killed.
      for (int i = 0; i < 3_000 && (log.pendingCount() > 0 || !log.hasSpilledRows()); i++) {
        Thread.sleep(10);
      }
      Runtime.getRuntime().halt(CRASHED);
    }
  }

  @Test
  void closeWritesWhatIsQueued() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        StateDatabase state = new StateDatabase(url(postgres.getPort()), "postgres", null)) {
      state.requireReady();
      AuditLog log = new AuditLog(state, 1_000);
      for (int i = 0; i < 500; i++) {
        log.record(entry("/health " + i, Outcome.OK, Instant.now()));
      }
      log.close();

      assertThat(actionsIn(state)).hasSize(500);
    }
  }
}
