package dev.opsbot.state;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server run by opsbot itself, its data kept in a local directory across restarts:
 * what {@code run} uses when no state database is configured, so a small team can start without
 * provisioning one.
 */
public final class EmbeddedStateServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedStateServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedStateServer start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      return new EmbeddedStateServer(
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              // Stopped by opsbot's shutdown, after what writes to it: the library's own hook
              // would stop it at the same time as everything else.
              .setRegisterShutdownHook(false)
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the embedded state database did not start in "
              + dataDirectory.toAbsolutePath()
              + ": "
              + e.getMessage()
              + " (set state.url to use a PostgreSQL server instead)",
          e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
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
