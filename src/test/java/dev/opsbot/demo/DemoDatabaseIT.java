package dev.opsbot.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's PostgreSQL as another local user would find it while the demo runs: no way in without
 * a generated password, the state's role no superuser, /sql's role able to read and no more.
 */
class DemoDatabaseIT {
  private static DemoDatabase database;
  private static Map<String, String> env;

  @BeforeAll
  static void start() {
    database = DemoDatabase.start();
    env = database.environment();
  }

  @AfterAll
  static void stop() {
    if (database != null) {
      database.close();
    }
  }

  private static Connection connect(String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(database.jdbcUrl(), properties);
  }

  private static Connection state() throws SQLException {
    return connect(env.get("DEMO_STATE_USER"), env.get("DEMO_STATE_PASSWORD"));
  }

  private static Connection readOnly() throws SQLException {
    return connect(env.get("DEMO_DB_USER"), env.get("DEMO_DB_PASSWORD"));
  }

  private static String one(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getString(1);
    }
  }

  @Test
  void noRoleGetsInWithoutItsGeneratedPassword() {
    for (String user : new String[] {"postgres", "opsbot", "opsbot_readonly", "nobody"}) {
      assertThatThrownBy(() -> connect(user, null).close())
          .as("%s without a password", user)
          .isInstanceOf(SQLException.class)
          .hasMessageNotContaining("trust");
      assertThatThrownBy(() -> connect(user, "postgres").close())
          .as("%s with a wrong password", user)
          .hasMessageContaining("password authentication failed");
    }
    assertThatThrownBy(() -> connect("postgres", env.get("DEMO_STATE_PASSWORD")).close())
        .as("the state role's password is not the superuser's")
        .hasMessageContaining("password authentication failed");
    assertThat(env.get("DEMO_STATE_PASSWORD"))
        .hasSizeGreaterThanOrEqualTo(32)
        .isNotEqualTo(env.get("DEMO_DB_PASSWORD"))
        .isNotEqualTo(database.superuserPassword().reveal());
  }

  @Test
  void noUnixSocketAndOnlyPasswordRulesForLoopback() throws Exception {
    String port = String.valueOf(database.port());
    assertThat(Path.of("/tmp/.s.PGSQL." + port)).as("no unix socket").doesNotExist();
    assertThat(Path.of("/var/run/postgresql/.s.PGSQL." + port)).doesNotExist();
    try (Connection superuser = connect("postgres", database.superuserPassword().reveal())) {
      assertThat(one(superuser, "SHOW unix_socket_directories")).isEmpty();
      Path hba = Path.of(one(superuser, "SHOW hba_file"));
      assertThat(Files.readString(hba).lines().filter(l -> !l.startsWith("#")).toList())
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).startsWith("host ").endsWith("scram-sha-256"));
    }
  }

  @Test
  void theStateRoleIsNoSuperuserAndReachesNothingButItsSchema() throws SQLException {
    try (Connection state = state();
        Statement sql = state.createStatement()) {
      assertThat(env.get("DEMO_STATE_USER")).isEqualTo("opsbot");
      assertThat(one(state, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
          .isEqualTo("false");
      sql.execute("CREATE TEMP TABLE t (line text)");
      assertThatThrownBy(() -> sql.execute("COPY t FROM PROGRAM 'id'"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("SELECT pg_read_file('pg_hba.conf')"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.executeQuery("SELECT count(*) FROM public.customers"))
          .as("the fleet's tables are /sql's, not the state's")
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("CREATE ROLE intruder SUPERUSER"))
          .hasMessageContaining("permission denied");
      sql.execute("CREATE TABLE opsbot.own (x int)");
      sql.execute("DROP TABLE opsbot.own");
    }
  }

  @Test
  void sqlsRoleReadsTheFleetAndNothingMore() throws SQLException {
    try (Connection readOnly = readOnly();
        Statement sql = readOnly.createStatement()) {
      assertThat(env.get("DEMO_DB_USER")).isEqualTo("opsbot_readonly");
      assertThat(Integer.parseInt(one(readOnly, "SELECT count(*) FROM customers")))
          .isGreaterThan(1000);
      assertThat(one(readOnly, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
          .isEqualTo("false");
      assertThat(
              one(
                  readOnly,
                  "SELECT pg_has_role(current_user, 'opsbot', 'MEMBER')::text"
                      + " || pg_has_role(current_user, 'pg_signal_backend', 'USAGE')::text"))
          .as("no member of the state role: /sql cannot signal the bot's sessions")
          .isEqualTo("falsefalse");
      assertThatThrownBy(() -> sql.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
          .hasMessageContaining("permission denied");
      readOnly.setAutoCommit(false);
      sql.execute("SET TRANSACTION READ WRITE");
      assertThatThrownBy(() -> sql.execute("DELETE FROM jobs"))
          .hasMessageContaining("permission denied");
      readOnly.rollback();
      assertThatThrownBy(() -> sql.executeQuery("SELECT count(*) FROM opsbot.audit_log"))
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void passwordsAreNotInItsDescription() {
    assertThat(database.toString())
        .doesNotContain(env.get("DEMO_STATE_PASSWORD"))
        .doesNotContain(env.get("DEMO_DB_PASSWORD"))
        .doesNotContain(database.superuserPassword().reveal());
  }

  @Test
  void itsDirectoryIsPrivateAndGoneAfterClose() throws Exception {
    Path data;
    try (DemoDatabase other = DemoDatabase.start();
        Connection superuser =
            DriverManager.getConnection(
                other.jdbcUrl(), "postgres", other.superuserPassword().reveal())) {
      data = Path.of(one(superuser, "SHOW data_directory"));
      assertThat(Files.getPosixFilePermissions(data.getParent()))
          .extracting(Enum::name)
          .allMatch(name -> name.startsWith("OWNER_"));
    }
    assertThat(data.getParent()).doesNotExist();
  }
}
