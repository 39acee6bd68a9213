package dev.opsbot.sql;

import java.time.Duration;
import java.util.List;

/**
 * Rows a query returned, already made safe to show: secret-looking columns masked, cells cut to
 * width.
 *
 * @param more true when the query had more rows than were fetched
 * @param maskedColumns the columns whose values were replaced by ******
 */
public record QueryResult(
    List<String> columns,
    List<List<String>> rows,
    boolean more,
    List<String> maskedColumns,
    Duration took) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    maskedColumns = List.copyOf(maskedColumns);
  }
}
