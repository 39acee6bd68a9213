package dev.opsbot.demo;

import dev.opsbot.config.Secret;
import dev.opsbot.state.EmbeddedStateServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (binaries from Maven Central) holding FLEET.md's tables with synthetic
 * rows, started in a private temporary directory and removed on close.
 *
 * <p>It is the embedded state server, locked down the same way (generated SCRAM passwords, loopback
 * TCP only, no trust, no socket): opsbot's state connects as its own role, which is no superuser,
 * and /sql as {@value #READ_ONLY_ROLE}, which may only read the fleet's tables.
 */
public final class DemoDatabase implements AutoCloseable {
  /** The role /sql connects as: read-only, as the README recommends for production. */
  public static final String READ_ONLY_ROLE = "opsbot_readonly";

  private final EmbeddedStateServer server;
  private final Path directory;
  private final Secret readOnlyPassword;

  private DemoDatabase(EmbeddedStateServer server, Path directory, Secret readOnlyPassword) {
    this.server = server;
    this.directory = directory;
    this.readOnlyPassword = readOnlyPassword;
  }

  public static DemoDatabase start() {
    Path directory;
    try {
      directory = Files.createTempDirectory("opsbot-demo-postgres-");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary directory for the demo database", e);
    }
    EmbeddedStateServer server = null;
    try {
      server = EmbeddedStateServer.start(directory.resolve("data"));
      seed(server);
      Secret readOnly = server.generatePassword(READ_ONLY_ROLE);
      return new DemoDatabase(server, directory, readOnly);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      delete(directory);
      throw e;
    }
  }

  private static void seed(EmbeddedStateServer server) {
    String sql;
    try (InputStream in = DemoDatabase.class.getResourceAsStream("/demo/seed.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection connection = server.superuser().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("seeding the demo database failed: " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return server.jdbcUrl();
  }

  public int port() {
    return server.port();
  }

  /** The superuser's password, for tests that connect as the superuser on purpose. */
  public Secret superuserPassword() {
    return server.superuserPassword();
  }

  public Secret readOnlyPassword() {
    return readOnlyPassword;
  }

  /**
   * What {@code config/demo.yaml} reads: the fleet database through its read-only role, and
   * opsbot's own state in the same server as the state role. Passwords go no further than the
   * configuration, where they become secrets.
   */
  public Map<String, String> environment() {
    return Map.of(
        "DEMO_DB_URL", jdbcUrl(),
        "DEMO_DB_USER", READ_ONLY_ROLE,
        "DEMO_DB_PASSWORD", readOnlyPassword.reveal(),
        "DEMO_STATE_URL", jdbcUrl(),
        "DEMO_STATE_USER", server.user(),
        "DEMO_STATE_PASSWORD", server.password().reveal());
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      delete(directory);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A private temporary directory: the next cleanup of the temp directory takes it.
    }
  }

  @Override
  public String toString() {
    return "DemoDatabase[" + jdbcUrl() + "]";
  }
}
