package dev.opsbot.config;

/**
 * The admin HTTP port serving {@code /healthz} and Prometheus {@code /metrics}; 0 picks a free one.
 */
public record AdminSettings(Integer port) {
  public static final AdminSettings DEFAULT = new AdminSettings(null);

  public AdminSettings {
    port = port == null ? 8081 : port;
  }
}
