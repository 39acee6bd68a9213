package dev.opsbot.config;

import java.time.Duration;

/** How long one probe may take to connect, to read, and in all. */
public record Timeouts(Duration connect, Duration read, Duration overall) {
  public static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(15));

  /** This service's values where set, the fleet-wide ones otherwise. */
  public Timeouts orElse(Timeouts fallback) {
    return new Timeouts(
        connect != null ? connect : fallback.connect,
        read != null ? read : fallback.read,
        overall != null ? overall : fallback.overall);
  }
}
