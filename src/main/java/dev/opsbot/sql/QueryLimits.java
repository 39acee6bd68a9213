package dev.opsbot.sql;

import java.time.Duration;

/** How far one {@code /sql} query may go: time, locks, rows, cell width. */
public record QueryLimits(
    Duration statementTimeout, Duration lockTimeout, int rowsFetched, int cellWidth) {
  public static final QueryLimits DEFAULT =
      new QueryLimits(Duration.ofSeconds(5), Duration.ofSeconds(1), 1000, 60);
}
