package dev.opsbot.testing;

import dev.opsbot.state.StateDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * A real PostgreSQL of its own (embedded) with opsbot's migrations applied: what several replicas
 * share in the tests that run them. Closing it closes the pool, then the server.
 */
public final class TestStateDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final StateDatabase database;

  private TestStateDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
  }

  public static TestStateDatabase start() throws IOException {
    return new TestStateDatabase(EmbeddedPostgres.builder().start());
  }

  public StateDatabase database() {
    return database;
  }

  /** The server goes away under the pool: the state database is down. */
  public void stopServer() throws IOException {
    postgres.close();
  }

  @Override
  public void close() throws IOException {
    database.close();
    postgres.close();
  }
}
