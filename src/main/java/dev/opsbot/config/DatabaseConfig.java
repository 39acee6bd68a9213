package dev.opsbot.config;

/** A PostgreSQL database of the fleet, reached over JDBC; credentials come from the environment. */
public record DatabaseConfig(String url, String user, Secret password, Boolean probe) {
  public DatabaseConfig {
    probe = probe == null || probe;
  }
}
