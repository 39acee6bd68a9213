package dev.opsbot.status;

import java.util.Locale;

/** A service's status as the page shows it. */
public enum Health {
  UP("Operational"),
  DEGRADED("Degraded"),
  DOWN("Down"),
  UNKNOWN("No data yet");

  private final String label;

  Health(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The name in {@code /status.json} and in the page's CSS classes. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
