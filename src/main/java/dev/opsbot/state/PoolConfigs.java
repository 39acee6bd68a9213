package dev.opsbot.state;

import com.zaxxer.hikari.HikariConfig;

/**
 * What every opsbot pool shares: it starts even when the database is down (the first use says why),
 * keeps no idle connections it does not need, and waits at most 3 s for a connection.
 */
public final class PoolConfigs {
  private PoolConfigs() {}

  /** A pool for a configured database, its password read from the secret at the last moment. */
  public static HikariConfig of(
      String name, dev.opsbot.config.DatabaseConfig database, int maxSize) {
    return of(
        name,
        database.url(),
        database.user(),
        database.password() == null ? null : database.password().reveal(),
        maxSize);
  }

  public static HikariConfig of(
      String name, String url, String user, String password, int maxSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user);
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(maxSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(3_000);
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("ApplicationName", "opsbot-" + name);
    config.addDataSourceProperty("connectTimeout", "3");
    return config;
  }
}
