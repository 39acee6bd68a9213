package dev.opsbot.state;

import dev.opsbot.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by opsbot itself, its data kept in a local directory across restarts:
 * what {@code run} uses when no state database is configured, so a small team can start without
 * provisioning one.
 *
 * <p>It is locked down as a server on a shared machine must be: no trust authentication, no
 * unix-domain socket, SCRAM passwords over loopback TCP only ({@link LocalCredentials}, generated
 * at the first start, kept readable by opsbot's user alone). The bot connects as {@value #ROLE}, a
 * role that is no superuser and owns only the {@code opsbot} schema: no reading other data, no
 * {@code COPY ... PROGRAM}. A data directory from before this (trusting every local connection) is
 * converted at its first start.
 */
public final class EmbeddedStateServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedStateServer.class);

  /** The role the bot connects as. */
  public static final String ROLE = "opsbot";

  static final String PG_HBA =
      """
      # Written by opsbot at each start: SCRAM passwords over loopback TCP, nothing else.
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final LocalCredentials credentials;
  private final Path directory;

  private EmbeddedStateServer(
      EmbeddedPostgres postgres, LocalCredentials credentials, Path directory) {
    this.postgres = postgres;
    this.credentials = credentials;
    this.directory = directory;
  }

  public static EmbeddedStateServer start(Path dataDirectory) {
    Path pwfile = null;
    try {
      Files.createDirectories(dataDirectory);
      boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
      LocalCredentials stored = fresh ? null : LocalCredentials.read(dataDirectory);
      boolean converting = !fresh && stored == null;
      LocalCredentials credentials = stored != null ? stored : LocalCredentials.generate();
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              // Stopped by opsbot's shutdown, after what writes to it: the library's own hook
              // would stop it at the same time as everything else.
              .setRegisterShutdownHook(false)
              // No socket file for other local users to knock on: loopback TCP only.
              .setServerConfig("unix_socket_directories", "")
              .setServerConfig("password_encryption", "scram-sha-256")
              .setConnectConfig("password", credentials.superuser().reveal())
              .setDataDirectoryCustomizer(directory -> {
                if (!converting) {
                  // Before the server first listens: there is never a trusting moment.
                  writeAccessRules(directory.toPath());
                  credentials.save(directory.toPath());
                }
              });
      if (fresh) {
        // initdb takes these through zonky's option map: the superuser gets a password from the
        // start, and the generated pg_hba.conf trusts no one.
        pwfile = credentials.superuserPasswordFile();
        builder.setLocaleConfig("pwfile", pwfile.toString());
        builder.setLocaleConfig("auth", "scram-sha-256");
      }
      EmbeddedPostgres postgres = builder.start();
      EmbeddedStateServer server = new EmbeddedStateServer(postgres, credentials, dataDirectory);
      try {
        server.secure(converting);
      } catch (SQLException | RuntimeException e) {
        server.close();
        throw new IllegalStateException(
            "the embedded state database in "
                + dataDirectory.toAbsolutePath()
                + " could not be secured: "
                + ConnectionErrors.describe(e),
            e);
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the embedded state database did not start in "
              + dataDirectory.toAbsolutePath()
              + ": "
              + e.getMessage()
              + " (set state.url to use a PostgreSQL server instead)",
          e);
    } finally {
      LocalCredentials.delete(pwfile);
    }
  }

  /**
   * Gives the bot its own role owning the {@code opsbot} schema; when converting a directory that
   * trusted every connection, also the superuser's password and the access rules.
   */
  private void secure(boolean converting) throws SQLException, IOException {
    try (Connection connection = superuser().getConnection();
        Statement sql = connection.createStatement()) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      if (converting) {
        log.warn(
            "event=state_database_secured data_directory={} note=\"it trusted every local"
                + " connection; it now takes passwords, the bot connects as role {}\"",
            directory.toAbsolutePath(),
            ROLE);
        pg.alterUserPassword(
            "postgres", credentials.superuser().reveal().toCharArray(), "scram-sha-256");
        credentials.save(directory);
      }
      sql.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + ROLE
              + "') THEN CREATE ROLE "
              + ROLE
              + " LOGIN; END IF; END $$");
      sql.execute(
          "ALTER ROLE "
              + ROLE
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
      // Hashed here: the clear password never reaches the server, nor its log.
      pg.alterUserPassword(ROLE, credentials.bot().reveal().toCharArray(), "scram-sha-256");
      sql.execute("CREATE SCHEMA IF NOT EXISTS opsbot AUTHORIZATION " + ROLE);
      sql.execute("ALTER SCHEMA opsbot OWNER TO " + ROLE);
      // Tables and functions created as the superuser before (sequences follow their tables).
      sql.execute(
          "DO $$ DECLARE item record; BEGIN"
              + " FOR item IN SELECT c.oid::regclass AS name FROM pg_class c"
              + " WHERE c.relnamespace = 'opsbot'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')"
              + " AND pg_get_userbyid(c.relowner) <> '"
              + ROLE
              + "' LOOP EXECUTE format('ALTER TABLE %s OWNER TO "
              + ROLE
              + "', item.name); END LOOP;"
              + " FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p"
              + " WHERE p.pronamespace = 'opsbot'::regnamespace AND pg_get_userbyid(p.proowner) <> '"
              + ROLE
              + "' LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO "
              + ROLE
              + "', item.name); END LOOP; END $$");
      sql.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
      sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE postgres TO " + ROLE);
      sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      if (converting) {
        writeAccessRules(directory);
        sql.execute("SELECT pg_reload_conf()");
      }
    }
  }

  /**
   * Gives an existing role (one the demo's seed created) a newly generated password, hashed here so
   * that the clear one never reaches the server or its log; kept in memory only.
   */
  public Secret generatePassword(String role) {
    Secret password = LocalCredentials.newPassword();
    try (Connection connection = superuser().getConnection()) {
      connection
          .unwrap(PGConnection.class)
          .alterUserPassword(role, password.reveal().toCharArray(), "scram-sha-256");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot set the password of role " + role + ": " + ConnectionErrors.describe(e), e);
    }
    return password;
  }

  private static void writeAccessRules(Path directory) {
    try {
      Files.writeString(directory.resolve("pg_hba.conf"), PG_HBA);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + directory.resolve("pg_hba.conf"), e);
    }
  }

  /**
   * The superuser, for setting up what the bot's role may not (the demo seeds its fleet tables and
   * their read-only role so); never what the bot connects as.
   */
  public DataSource superuser() {
    return postgres.getDatabase(
        "postgres", "postgres", Map.of("password", credentials.superuser().reveal()));
  }

  public Secret superuserPassword() {
    return credentials.superuser();
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
  }

  /** The role the bot connects as: no superuser, owner of the opsbot schema only. */
  public String user() {
    return ROLE;
  }

  public Secret password() {
    return credentials.bot();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
