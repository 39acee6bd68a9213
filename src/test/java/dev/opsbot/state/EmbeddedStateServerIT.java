package dev.opsbot.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded state database as another local user would find it: no way in without the generated
 * password, and the bot's own role cannot do what a superuser can.
 */
class EmbeddedStateServerIT {
  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }

  private static String one(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getString(1);
    }
  }

  private static void assertLockedDown(EmbeddedStateServer server, Path directory)
      throws Exception {
    String url = server.jdbcUrl();
    for (String user : new String[] {"postgres", "opsbot"}) {
      assertThatThrownBy(() -> connect(url, user, null).close())
          .as("%s without a password", user)
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(url, user, "guess").close())
          .as("%s with a wrong password", user)
          .hasMessageContaining("password authentication failed");
    }
    String hba = Files.readString(directory.resolve("pg_hba.conf"));
    assertThat(hba.lines().filter(l -> !l.startsWith("#")).toList())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("host ").endsWith("scram-sha-256"));
    assertThat(hba).doesNotContain("trust").doesNotContainPattern("(?m)^local");
    String port = url.replaceAll(".*:(\\d+)/.*", "$1");
    assertThat(Path.of("/tmp/.s.PGSQL." + port)).as("no unix socket").doesNotExist();
    assertThat(Path.of("/var/run/postgresql/.s.PGSQL." + port)).doesNotExist();
    Path credentials = directory.resolve(LocalCredentials.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
        .isEqualTo("rw-------");

    try (Connection bot = connect(url, server.user(), server.password().reveal());
        Statement sql = bot.createStatement()) {
      assertThat(server.user()).isEqualTo("opsbot");
      assertThat(one(bot, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
          .isEqualTo("false");
      assertThatThrownBy(() -> sql.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
          .hasMessageContaining("permission denied");
      sql.execute("CREATE TEMP TABLE t (line text)");
      assertThatThrownBy(() -> sql.execute("COPY t FROM PROGRAM 'id'"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("CREATE TABLE public.planted (x int)"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("CREATE ROLE intruder SUPERUSER"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> sql.execute("SELECT pg_read_file('pg_hba.conf')"))
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void onlyTheGeneratedPasswordsOpenItAndTheBotsRoleIsNoSuperuser(@TempDir Path dir)
      throws Exception {
    Path directory = dir.resolve("postgres");
    try (EmbeddedStateServer server = EmbeddedStateServer.start(directory);
        StateDatabase state =
            new StateDatabase(server.jdbcUrl(), server.user(), server.password().reveal())) {
      assertThat(state.ready()).isEmpty();
      try (Connection bot = state.dataSource().getConnection()) {
        assertThat(one(bot, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'"))
            .isEqualTo("opsbot");
      }
      assertLockedDown(server, directory);
    }
    try (EmbeddedStateServer again = EmbeddedStateServer.start(directory);
        StateDatabase state =
            new StateDatabase(again.jdbcUrl(), again.user(), again.password().reveal())) {
      assertThat(state.ready()).as("the same data, after a restart").isEmpty();
      assertLockedDown(again, directory);
    }
  }

  @Test
  void aDirectoryThatTrustedEveryoneIsLockedDownAtItsFirstStart(@TempDir Path dir)
      throws Exception {
    Path directory = dir.resolve("postgres");
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .start();
        StateDatabase state =
            new StateDatabase(
                "jdbc:postgresql://127.0.0.1:" + old.getPort() + "/postgres", "postgres", null)) {
      assertThat(state.ready()).isEmpty();
    }

    try (EmbeddedStateServer server = EmbeddedStateServer.start(directory);
        StateDatabase state =
            new StateDatabase(server.jdbcUrl(), server.user(), server.password().reveal())) {
      assertThat(state.ready()).isEmpty();
      try (Connection bot = state.dataSource().getConnection();
          Statement sql = bot.createStatement()) {
        sql.execute(
            "INSERT INTO audit_log (at, platform, user_id, action, kind, outcome) VALUES (now(),"
                + " 'console', 'U1', '/health', 'command', 'ok')");
        assertThat(one(bot, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'"))
            .isEqualTo("opsbot");
      }
      assertLockedDown(server, directory);
    }
  }
}
