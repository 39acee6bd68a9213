package dev.opsbot.sql;

import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.config.SecretRedactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The second guard rail of {@code /sql}: every query runs in a read-only transaction with a
 * statement and lock timeout of its own, is rolled back whatever happens, and fetches a bounded
 * number of rows in batches, so a million-row result keeps memory flat.
 */
public final class ReadOnlyQueryRunner {
  private static final Pattern SECRET_COLUMN =
      Pattern.compile(
          "(?i).*(password|passwd|pwd|secret|token|api_?key|private_?key|credential|session_?key|salt).*");
  private static final int FETCH_SIZE = 250;

  private final DataSource dataSource;
  private final QueryLimits limits;

  public ReadOnlyQueryRunner(DataSource dataSource, QueryLimits limits) {
    this.dataSource = dataSource;
    this.limits = limits;
  }

  /** Runs a statement that {@link SqlGuard} allowed, binding {@code parameters} in order. */
  public QueryResult run(SqlVerdict.Allowed query, List<Object> parameters) throws QueryFailure {
    long start = System.nanoTime();
    refuseSeveralStatements(query.sql());
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new QueryFailure(
          QueryFailure.Kind.UNAVAILABLE, "database unavailable: " + ConnectionErrors.describe(e));
    }
    try (connection) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      try (Statement settings = connection.createStatement()) {
        settings.execute("SET TRANSACTION READ ONLY");
        // The guard reads strings this way; a server set otherwise would read '\' differently.
        settings.execute("SET LOCAL standard_conforming_strings = on");
        settings.execute("SET LOCAL statement_timeout = " + limits.statementTimeout().toMillis());
        settings.execute("SET LOCAL lock_timeout = " + limits.lockTimeout().toMillis());
        settings.execute(
            "SET LOCAL idle_in_transaction_session_timeout = "
                + limits.statementTimeout().multipliedBy(2).toMillis());
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        statement.setFetchSize(FETCH_SIZE);
        statement.setMaxRows(limits.rowsFetched() + 1);
        // The client-side timeout backs up the server's, should the server not answer at all.
        statement.setQueryTimeout((int) limits.statementTimeout().toSeconds() + 2);
        for (int i = 0; i < parameters.size(); i++) {
          statement.setObject(i + 1, parameters.get(i));
        }
        boolean hasRows = statement.execute();
        QueryResult result =
            hasRows
                ? read(statement.getResultSet(), start)
                : new QueryResult(List.of(), List.of(), false, List.of(), since(start));
        return result;
      } finally {
        connection.rollback();
        releaseSessionLocks(connection);
      }
    } catch (SQLException e) {
      throw translate(e, query.sql());
    }
  }

  /**
   * The driver splits text at semicolons and runs each part, and a COMMIT among them would end the
   * read-only transaction; so text the driver would split is never sent. Held to one part, the
   * driver sends one parse message, in which the server itself accepts only one command.
   */
  private static void refuseSeveralStatements(String sql) throws QueryFailure {
    int statements;
    try {
      statements = Parser.parseJdbcSql(sql, true, true, true, false, false).size();
    } catch (SQLException e) {
      statements = -1;
    }
    if (statements != 1) {
      throw new QueryFailure(
          QueryFailure.Kind.NOT_SENT,
          "not sent: the database would read "
              + (statements < 0 ? "an unknown number of" : String.valueOf(statements))
              + " statements in this text; /sql runs exactly one");
    }
  }

  /**
   * Session-level advisory locks survive a rollback and would stay with the pooled connection. The
   * guard refuses the calls that take them; this is the backstop.
   */
  private static void releaseSessionLocks(Connection connection) throws SQLException {
    try (Statement unlock = connection.createStatement()) {
      unlock.execute("SELECT pg_advisory_unlock_all()");
    }
    connection.rollback();
  }

  private QueryResult read(ResultSet rows, long start) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    List<String> columns = new ArrayList<>();
    List<String> masked = new ArrayList<>();
    boolean[] mask = new boolean[meta.getColumnCount()];
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String name = meta.getColumnLabel(i);
      columns.add(name);
      mask[i - 1] = SECRET_COLUMN.matcher(name).matches();
      if (mask[i - 1]) {
        masked.add(name);
      }
    }
    List<List<String>> values = new ArrayList<>();
    boolean more = false;
    while (rows.next()) {
      if (values.size() == limits.rowsFetched()) {
        more = true;
        break;
      }
      List<String> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(mask[i - 1] ? "******" : cell(rows.getString(i)));
      }
      values.add(row);
    }
    return new QueryResult(columns, values, more, masked, since(start));
  }

  private String cell(String value) {
    if (value == null) {
      return "NULL";
    }
    String flat = value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    String safe = SecretRedactor.redact(flat);
    return safe.length() > limits.cellWidth()
        ? safe.substring(0, limits.cellWidth() - 1) + "…"
        : safe;
  }

  private QueryFailure translate(SQLException e, String sql) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("57014")) {
      return new QueryFailure(
          QueryFailure.Kind.TIMEOUT,
          "cancelled after " + timeout(limits.statementTimeout()) + " (the statement timeout)");
    }
    if (state.equals("55P03")) {
      return new QueryFailure(
          QueryFailure.Kind.TIMEOUT,
          "cancelled: a lock was not granted within " + limits.lockTimeout().toMillis() + " ms");
    }
    if (state.equals("25006") || state.equals("42501")) {
      return new QueryFailure(
          QueryFailure.Kind.REFUSED_BY_DATABASE, "refused by the database: " + serverMessage(e));
    }
    if (state.startsWith("08") || e instanceof SQLTransientConnectionException) {
      return new QueryFailure(
          QueryFailure.Kind.UNAVAILABLE, "database unavailable: " + ConnectionErrors.describe(e));
    }
    return new QueryFailure(QueryFailure.Kind.QUERY_ERROR, withPosition(e, sql));
  }

  /** Postgres's message, and a caret under the position it names. */
  private static String withPosition(SQLException e, String sql) {
    String message = serverMessage(e);
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      int position = psql.getServerErrorMessage().getPosition();
      if (position > 0 && position <= sql.length() + 1 && !sql.contains("\n")) {
        return message + "\n" + sql + "\n" + " ".repeat(position - 1) + "^";
      }
    }
    return message;
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return SecretRedactor.redact(server.getMessage());
      }
    }
    return SecretRedactor.redact(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
  }

  /** Whole seconds as "5 s"; anything finer in milliseconds, so 500 ms is not "0 s". */
  private static String timeout(Duration limit) {
    long millis = limit.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
