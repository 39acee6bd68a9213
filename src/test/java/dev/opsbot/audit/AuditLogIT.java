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
}
