package dev.opsbot.state;

import java.sql.SQLException;

/**
 * opsbot's own database cannot be used now (down, unreachable, pool exhausted): the one failure
 * every store raises for it, so callers defer or answer "try again" without knowing which store
 * failed. The message never holds the URL or credentials.
 */
public final class StateUnavailableException extends RuntimeException {
  public StateUnavailableException(String message) {
    super(message);
  }

  public StateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "database unavailable: connection refused" and the like, from a failed JDBC call. */
  public static StateUnavailableException of(SQLException e) {
    return new StateUnavailableException(
        "database unavailable: " + ConnectionErrors.describe(e), e);
  }
}
