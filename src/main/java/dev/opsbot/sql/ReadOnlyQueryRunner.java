package dev.opsbot.sql;

import dev.opsbot.config.SecretRedactor;
import dev.opsbot.state.ConnectionErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The second guard rail of {@code /sql}: every query runs in a read-only transaction, is rolled
 * back whatever happens, and has one deadline for the whole of it, fetches included, enforced by
 * cancelling it on the server ({@link QueryDeadline}). What is read is bounded in rows and bytes,
 * long values are cut by the server ({@link ResultReader}), so a huge result keeps memory flat.
 */
public final class ReadOnlyQueryRunner {
  /** A socket read never waits longer than this past the deadline, should the server go silent. */
  private static final Duration NETWORK_SLACK = Duration.ofSeconds(5);

  private final DataSource dataSource;
  private final QueryLimits limits;
  private final ResultReader reader;

  public ReadOnlyQueryRunner(DataSource dataSource, QueryLimits limits) {
    this.dataSource = dataSource;
    this.limits = limits;
    this.reader = new ResultReader(limits);
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
    QueryDeadline deadline = null;
    SQLException failure = null;
    QueryResult result = null;
    try {
      deadline = QueryDeadline.start(connection, limits.statementTimeout());
      connection.setNetworkTimeout(
          Runnable::run, (int) limits.statementTimeout().plus(NETWORK_SLACK).toMillis());
      begin(connection);
      result = execute(connection, query.sql(), parameters, start, deadline);
    } catch (SQLException e) {
      failure = e;
    } finally {
      if (deadline != null) {
        deadline.stop();
      }
      failure = end(connection, failure, deadline != null && deadline.passed());
    }
    if (failure != null) {
      throw translate(failure, query.sql(), deadline != null && deadline.passed());
    }
    return result;
  }

  private void begin(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
    try (Statement settings = connection.createStatement()) {
      settings.execute("SET TRANSACTION READ ONLY");
      // The guard reads strings this way; a server set otherwise would read '\' differently.
      settings.execute("SET LOCAL standard_conforming_strings = on");
      // Per fetch on the server; the deadline covers the whole query.
      settings.execute("SET LOCAL statement_timeout = " + limits.statementTimeout().toMillis());
      settings.execute("SET LOCAL lock_timeout = " + limits.lockTimeout().toMillis());
      settings.execute(
          "SET LOCAL idle_in_transaction_session_timeout = "
              + limits.statementTimeout().multipliedBy(2).toMillis());
    }
  }

  /**
   * Describes the query, then runs it wrapped so that the server cuts long values; a statement that
   * cannot be wrapped (SHOW, EXPLAIN) runs as it is.
   */
  private QueryResult execute(
      Connection connection,
      String sql,
      List<Object> parameters,
      long start,
      QueryDeadline deadline)
      throws SQLException {
    ResultReader.Shape shape;
    try (PreparedStatement described = prepare(connection, sql, parameters)) {
      shape = reader.shape(described.getMetaData());
    }
    deadline.check();
    String wrapped = reader.wrapped(sql, shape);
    try (PreparedStatement statement =
        prepare(connection, wrapped == null ? sql : wrapped, parameters)) {
      statement.setFetchSize(reader.fetchSize(shape));
      statement.setMaxRows(limits.rowsFetched() + 1);
      boolean hasRows = statement.execute();
      deadline.check();
      return hasRows
          ? reader.read(statement.getResultSet(), shape, start, deadline)
          : new QueryResult(List.of(), List.of(), false, List.of(), since(start));
    }
  }

  private static PreparedStatement prepare(
      Connection connection, String sql, List<Object> parameters) throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
    return statement;
  }

  /**
   * Rolls back, releases session locks and gives the connection back. An error here never hides the
   * query's own: a pool that dropped the connection after the query failed makes the rollback fail
   * with "Connection is closed", which is kept only as a suppressed detail. A connection whose
   * query was cancelled at the deadline is closed for good, so a late cancel cannot reach the next
   * query on it.
   */
  private static SQLException end(Connection connection, SQLException failure, boolean cancelled) {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
        releaseSessionLocks(connection);
      }
    } catch (SQLException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    try {
      if (cancelled) {
        evict(connection);
      }
      connection.close();
    } catch (SQLException e) {
      if (failure == null) {
        failure = e;
      }
    }
    return failure;
  }

  private static void evict(Connection connection) {
    // Closes the physical connection; the pool then finds it closed and replaces it.
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      // Closed already.
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

  private QueryFailure translate(SQLException e, String sql, boolean deadlinePassed) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (deadlinePassed || state.equals("57014")) {
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
        return message + "\n" + SafeText.of(sql) + "\n" + " ".repeat(position - 1) + "^";
      }
    }
    return message;
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return SafeText.of(SecretRedactor.redact(server.getMessage()));
      }
    }
    return SafeText.of(
        SecretRedactor.redact(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
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
