package dev.opsbot.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * opsbot's own database: a pool and its Flyway migrations. It starts whether or not the database
 * answers; {@link #ready()} migrates on first contact, so the bot recovers by itself when the
 * database comes back.
 */
public final class StateDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StateDatabase.class);
  static final String SCHEMA = "opsbot";

  private final HikariDataSource pool;
  private volatile boolean migrated;

  public StateDatabase(String url, String user, String password) {
    HikariConfig config = PoolConfigs.of("state", url, user, password, 4);
    config.setSchema(SCHEMA);
    config.addDataSourceProperty("socketTimeout", "30");
    this.pool = new HikariDataSource(config);
  }

  /**
   * Empty when the database is reachable and migrated; otherwise why not, such as "connection
   * refused".
   */
  public Optional<String> ready() {
    // Every store call asks; after the first success the answer needs no lock.
    return migrated ? Optional.empty() : migrate();
  }

  private synchronized Optional<String> migrate() {
    if (migrated) {
      return Optional.empty();
    }
    try {
      var result =
          Flyway.configure()
              .dataSource(pool)
              .schemas(SCHEMA)
              .createSchemas(true)
              .locations("classpath:db/migration")
              .load()
              .migrate();
      migrated = true;
      log.info(
          "event=state_database_ready schema={} migrations_applied={}",
          SCHEMA,
          result.migrationsExecuted);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(ConnectionErrors.describe(e));
    }
  }

  /**
   * Throws {@link StateUnavailableException} with the reason when {@link #ready()} is not empty.
   */
  public void requireReady() {
    Optional<String> notReady = ready();
    if (notReady.isPresent()) {
      throw new StateUnavailableException("database unavailable: " + notReady.get());
    }
  }

  /**
   * Empty when the database is migrated and answers a round trip within {@code seconds} now;
   * otherwise why not. Unlike {@link #ready()}, this asks the server every time.
   */
  public Optional<String> roundTrip(int seconds) {
    Optional<String> notReady = ready();
    if (notReady.isPresent()) {
      return notReady;
    }
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(seconds)
          ? Optional.empty()
          : Optional.of("no answer within " + seconds + " s");
    } catch (SQLException e) {
      return Optional.of(ConnectionErrors.describe(e));
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
