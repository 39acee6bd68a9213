package dev.opsbot.sql;

import dev.opsbot.config.SecretRedactor;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code /sql} result within its limits. Values that can be long are cut by the server
 * ({@code left(value::text, n)} in a query wrapped around the user's), so a cell of hundreds of MB
 * never crosses the wire; the bytes read in all are capped too, and the fetch size follows the
 * widest a row can be. Secret-looking columns are masked; every value and column name is made safe
 * to show ({@link SafeText}).
 */
final class ResultReader {
  private static final Pattern SECRET_COLUMN =
      Pattern.compile(
          "(?i).*(password|passwd|pwd|secret|token|api_?key|private_?key|credential|session_?key|salt).*");
  private static final Pattern WRAPPABLE =
      Pattern.compile("(?is)\\s*(\\(|select\\b|with\\b|values\\b|table\\b).*");

  /** Types whose text is short whatever the value: read as they are. */
  private static final Set<String> BOUNDED_TYPES =
      Set.of(
          "bool",
          "int2",
          "int4",
          "int8",
          "float4",
          "float8",
          "oid",
          "xid",
          "xid8",
          "cid",
          "tid",
          "date",
          "time",
          "timetz",
          "timestamp",
          "timestamptz",
          "interval",
          "uuid",
          "money",
          "inet",
          "cidr",
          "macaddr",
          "macaddr8",
          "pg_lsn",
          "char",
          "name",
          "regclass",
          "regtype",
          "regproc",
          "regprocedure",
          "regnamespace",
          "regrole",
          "regoper",
          "regoperator");

  private static final int BOUNDED_BYTES = 80;
  private static final int MAX_FETCH_ROWS = 250;
  private static final long FETCH_BYTES = 1L << 20;

  /** The columns of a result: labels as shown, which are masked, which the server cuts. */
  record Shape(List<String> labels, boolean[] masked, boolean[] cut, long rowBytes) {}

  private final QueryLimits limits;

  ResultReader(QueryLimits limits) {
    this.limits = limits;
  }

  /** How many characters of a long value the server sends: one more than a cell shows. */
  int cutChars() {
    return limits.cellWidth() + 1;
  }

  Shape shape(ResultSetMetaData meta) throws SQLException {
    int count = meta == null ? 0 : meta.getColumnCount();
    List<String> labels = new ArrayList<>();
    boolean[] masked = new boolean[count];
    boolean[] cut = new boolean[count];
    long rowBytes = 0;
    for (int i = 1; i <= count; i++) {
      String label = meta.getColumnLabel(i);
      labels.add(SafeText.of(label));
      masked[i - 1] = SECRET_COLUMN.matcher(label).matches();
      cut[i - 1] = !BOUNDED_TYPES.contains(meta.getColumnTypeName(i));
      rowBytes += cut[i - 1] ? 4L * cutChars() + 8 : BOUNDED_BYTES;
    }
    return new Shape(labels, masked, cut, Math.max(1, rowBytes));
  }

  /**
   * The query wrapped so the server cuts long values, or null when it cannot be wrapped (SHOW,
   * EXPLAIN, no columns) and its rows are short anyway. Columns are renamed by position, so
   * duplicate or odd names cannot break the wrapper.
   */
  String wrapped(String sql, Shape shape) {
    int count = shape.labels().size();
    if (count == 0 || !WRAPPABLE.matcher(sql).matches()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add("c" + i);
      values.add(shape.cut()[i - 1] ? "left(q.c" + i + "::text, " + cutChars() + ")" : "q.c" + i);
    }
    return "SELECT "
        + String.join(", ", values)
        + " FROM ("
        + sql
        + ") AS q("
        + String.join(", ", names)
        + ")";
  }

  /** Rows per fetch: as many as fit in a megabyte at the widest, at most 250. */
  int fetchSize(Shape shape) {
    return (int) Math.max(1, Math.min(MAX_FETCH_ROWS, FETCH_BYTES / shape.rowBytes()));
  }

  QueryResult read(ResultSet rows, Shape shape, long start, QueryDeadline deadline)
      throws SQLException {
    int columns = shape.labels().size();
    List<String> maskedColumns = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      if (shape.masked()[i]) {
        maskedColumns.add(shape.labels().get(i));
      }
    }
    List<List<String>> values = new ArrayList<>();
    boolean more = false;
    boolean cellsCut = false;
    boolean bytesCapped = false;
    long bytes = 0;
    while (rows.next()) {
      deadline.check();
      if (values.size() == limits.rowsFetched()) {
        more = true;
        break;
      }
      if (bytes >= limits.resultBytes()) {
        more = true;
        bytesCapped = true;
        break;
      }
      List<String> row = new ArrayList<>(columns);
      for (int i = 1; i <= columns; i++) {
        String value = rows.getString(i);
        bytes += value == null ? 4 : value.length();
        if (shape.masked()[i - 1]) {
          row.add("******");
        } else if (value == null) {
          row.add("NULL");
        } else {
          cellsCut |= value.length() > limits.cellWidth();
          row.add(cell(value));
        }
      }
      values.add(row);
    }
    deadline.check();
    return new QueryResult(
        shape.labels(), values, more, maskedColumns, since(start), cellsCut, bytesCapped);
  }

  private String cell(String value) {
    String safe = SafeText.of(SecretRedactor.redact(value));
    return safe.length() > limits.cellWidth()
        ? safe.substring(0, limits.cellWidth() - 1) + "…"
        : safe;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
