package dev.opsbot.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server (binaries from Maven Central) holding FLEET.md's tables with synthetic
 * rows, started in a temporary directory and removed on close.
 */
public final class DemoDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private DemoDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static DemoDatabase start() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      DemoDatabase database = new DemoDatabase(postgres);
      database.seed();
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  private void seed() {
    String sql;
    try (InputStream in = DemoDatabase.class.getResourceAsStream("/demo/seed.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("seeding the demo database failed: " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  /**
   * What {@code config/demo.yaml} reads: the fleet database through its read-only role, and
   * opsbot's own state in the same server.
   */
  public Map<String, String> environment() {
    return Map.of(
        "DEMO_DB_URL", jdbcUrl(), "DEMO_DB_USER", "opsbot_readonly", "DEMO_STATE_URL", jdbcUrl());
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
