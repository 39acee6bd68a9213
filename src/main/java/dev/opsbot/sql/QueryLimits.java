package dev.opsbot.sql;

import java.time.Duration;

/**
 * How far one {@code /sql} query may go: one deadline for the whole query (fetches included), lock
 * waits, rows, cell width in characters, and the bytes of values read in all.
 */
public record QueryLimits(
    Duration statementTimeout,
    Duration lockTimeout,
    int rowsFetched,
    int cellWidth,
    long resultBytes) {
  /** What is read of one result at most: 1,000 rows of a dozen full cells fit well within it. */
  public static final long RESULT_BYTES = 4L * 1024 * 1024;

  public static final QueryLimits DEFAULT =
      new QueryLimits(Duration.ofSeconds(5), Duration.ofSeconds(1), 1000, 60);

  public QueryLimits(
      Duration statementTimeout, Duration lockTimeout, int rowsFetched, int cellWidth) {
    this(statementTimeout, lockTimeout, rowsFetched, cellWidth, RESULT_BYTES);
  }
}
