package dev.opsbot.sql;

import java.time.Duration;
import java.util.List;

/**
 * Rows a query returned, already made safe to show: secret-looking columns masked, cells cut to
 * width, control characters made visible.
 *
 * @param more true when the query had more rows than were fetched
 * @param maskedColumns the columns whose values were replaced by ******
 * @param cellsCut true when some value was longer than a cell and was cut
 * @param bytesCapped true when reading stopped at the cap on bytes, before the cap on rows
 */
public record QueryResult(
    List<String> columns,
    List<List<String>> rows,
    boolean more,
    List<String> maskedColumns,
    Duration took,
    boolean cellsCut,
    boolean bytesCapped) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    maskedColumns = List.copyOf(maskedColumns);
  }

  public QueryResult(
      List<String> columns,
      List<List<String>> rows,
      boolean more,
      List<String> maskedColumns,
      Duration took) {
    this(columns, rows, more, maskedColumns, took, false, false);
  }
}
