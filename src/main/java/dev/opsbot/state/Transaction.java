package dev.opsbot.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * One transaction whose work decides whether it stands: a store that checks and then writes (an
 * override that must not overlap, a plan that must still be pending) commits only when the check
 * passed, and rolls back on a refusal or a failure.
 */
public final class Transaction {
  private Transaction() {}

  /** The work of a transaction, on its connection. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on {@code connection} and commits only when {@code keep} accepts its result.
   */
  public static <T> T commitIf(Connection connection, Work<T> work, Predicate<? super T> keep)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.apply(connection);
      if (keep.test(result)) {
        connection.commit();
      } else {
        connection.rollback();
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }
}
