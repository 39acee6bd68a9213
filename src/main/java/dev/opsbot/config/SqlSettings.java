package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How {@code /sql} runs: which database, what saved queries, its limits, and the functions it may
 * call beyond the shipped list of pure ones ({@code allowFunctions}).
 */
public record SqlSettings(
    String database,
    String savedQueries,
    Duration statementTimeout,
    Duration lockTimeout,
    Integer rowsShown,
    Integer rowsFetched,
    Integer cellWidth,
    List<String> allowFunctions) {
  public static final SqlSettings DEFAULT =
      new SqlSettings(null, null, null, null, null, null, null, null);

  public SqlSettings {
    savedQueries = requireNonNullElse(savedQueries, "commands/queries.yaml");
    statementTimeout = requireNonNullElse(statementTimeout, Duration.ofSeconds(5));
    lockTimeout = requireNonNullElse(lockTimeout, Duration.ofSeconds(1));
    rowsShown = requireNonNullElse(rowsShown, 50);
    rowsFetched = requireNonNullElse(rowsFetched, 1000);
    cellWidth = requireNonNullElse(cellWidth, 60);
    // Not List.copyOf: an empty entry (a lone "-") must reach the check, not throw here.
    allowFunctions =
        allowFunctions == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(allowFunctions));
  }
}
