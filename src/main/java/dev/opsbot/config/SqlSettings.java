package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/** How {@code /sql} runs: which database, what saved queries, and its limits. */
public record SqlSettings(
    String database,
    String savedQueries,
    Duration statementTimeout,
    Duration lockTimeout,
    Integer rowsShown,
    Integer rowsFetched,
    Integer cellWidth) {
  public static final SqlSettings DEFAULT =
      new SqlSettings(null, null, null, null, null, null, null);

  public SqlSettings {
    savedQueries = requireNonNullElse(savedQueries, "commands/queries.yaml");
    statementTimeout = requireNonNullElse(statementTimeout, Duration.ofSeconds(5));
    lockTimeout = requireNonNullElse(lockTimeout, Duration.ofSeconds(1));
    rowsShown = requireNonNullElse(rowsShown, 50);
    rowsFetched = requireNonNullElse(rowsFetched, 1000);
    cellWidth = requireNonNullElse(cellWidth, 60);
  }
}
