package dev.opsbot.probe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.opsbot.config.DatabaseConfig;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.PoolConfigs;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** {@code SELECT 1} against a configured PostgreSQL through a small HikariCP pool. */
public final class DatabasePingProbe implements dev.opsbot.probe.Probe, AutoCloseable {
  private static final Duration SLOW = Duration.ofMillis(500);

  private final ProbeKey key;
  private final HikariDataSource pool;
  private final Clock clock;

  public DatabasePingProbe(String name, DatabaseConfig config, Clock clock) {
    this.key = ProbeKey.database(name);
    this.clock = clock;
    HikariConfig hikari = PoolConfigs.of("probe-" + name, config, 2);
    hikari.setValidationTimeout(2_000);
    hikari.setReadOnly(true);
    hikari.addDataSourceProperty("socketTimeout", "5");
    this.pool = new HikariDataSource(hikari);
  }

  @Override
  public ProbeKey key() {
    return key;
  }

  @Override
  public ProbeResult run() {
    long start = System.nanoTime();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(5);
      try (ResultSet rows = statement.executeQuery("SELECT 1")) {
        rows.next();
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String version = connection.getMetaData().getDatabaseProductVersion();
      ProbeStatus status = latency.compareTo(SLOW) > 0 ? ProbeStatus.DEGRADED : ProbeStatus.UP;
      String reason =
          status == ProbeStatus.UP ? "ok" : "slow: " + latency.toMillis() + " ms for SELECT 1";
      return result(status, latency, version, reason);
    } catch (SQLException e) {
      return result(
          ProbeStatus.DOWN,
          Duration.ofNanos(System.nanoTime() - start),
          null,
          ConnectionErrors.describe(e));
    }
  }

  private ProbeResult result(ProbeStatus status, Duration latency, String version, String reason) {
    return new ProbeResult(
        key, status, null, latency, null, version, reason, Map.of(), clock.instant());
  }

  @Override
  public void close() {
    pool.close();
  }
}
