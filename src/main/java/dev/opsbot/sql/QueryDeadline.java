package dev.opsbot.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * One deadline for a whole {@code /sql} query, fetches included: when it passes, the query is
 * cancelled on the server, and again every 100 ms until the runner has stopped, since a cancel that
 * lands between two fetches is ignored by the server. The server's statement_timeout, by contrast,
 * starts again at every fetch.
 */
final class QueryDeadline {
  private static final ScheduledExecutorService TIMER = timer();
  private static final long REPEAT_MILLIS = 100;

  private final PGConnection connection;
  private final ScheduledFuture<?> timer;
  private boolean passed;
  private boolean stopped;

  private QueryDeadline(PGConnection connection, Duration limit) {
    this.connection = connection;
    this.timer =
        TIMER.scheduleWithFixedDelay(
            this::cancel, limit.toMillis(), REPEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("sql-deadline").daemon().factory());
    // A query that ends in time cancels its deadline: let it go now, not when it would have fired.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Starts the clock for a query on {@code connection}. */
  static QueryDeadline start(Connection connection, Duration limit) throws SQLException {
    return new QueryDeadline(connection.unwrap(PGConnection.class), limit);
  }

  private synchronized void cancel() {
    if (stopped) {
      return;
    }
    passed = true;
    try {
      connection.cancelQuery();
    } catch (SQLException e) {
      // The connection is gone; the query with it.
    }
  }

  synchronized boolean passed() {
    return passed;
  }

  /** Throws the server's "query cancelled" error once the deadline has passed. */
  void check() throws SQLException {
    if (passed()) {
      throw new SQLException("the query's deadline passed", "57014");
    }
  }

  /** Stops the clock; no cancel is sent after this returns. */
  synchronized void stop() {
    stopped = true;
    timer.cancel(false);
  }
}
