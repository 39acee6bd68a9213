package dev.opsbot.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How bad an alert is: its rule says, and its colour, route and escalation follow. */
public enum Severity {
  CRITICAL,
  WARNING,
  INFO;

  /** As written in rules.yaml, routes and the state database: critical, warning, info. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every severity as written, most severe first. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Severity::id).toList();
  }

  /**
   * The severity written {@code text}.
   *
   * @throws IllegalArgumentException naming the severities there are
   */
  @JsonCreator
  public static Severity of(String text) {
    for (Severity severity : values()) {
      if (severity.id().equals(text)) {
        return severity;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "': use one of " + String.join(", ", ids()));
  }

  @Override
  public String toString() {
    return id();
  }
}
