package dev.opsbot.platform;

import java.time.Duration;
import java.time.Instant;

/**
 * What /logs asks for: the window back from now, and optional text and level filters.
 *
 * @param grep a text the line must contain; null for every line
 * @param level a level the line must have (error, warning, info); null for every level
 */
public record LogQuery(Duration since, String grep, String level) {
  public static final Duration DEFAULT_SINCE = Duration.ofMinutes(15);

  public LogQuery {
    since = since == null ? DEFAULT_SINCE : since;
  }

  /** Whether a line matches, for platforms that do not filter themselves. */
  boolean matches(LogLine line, Instant now) {
    if (line.at() != null && line.at().isBefore(now.minus(since))) {
      return false;
    }
    if (level != null && (line.level() == null || !line.level().equalsIgnoreCase(level))) {
      return false;
    }
    return grep == null || line.text().toLowerCase().contains(grep.toLowerCase());
  }
}
