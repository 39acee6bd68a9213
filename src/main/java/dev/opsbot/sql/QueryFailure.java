package dev.opsbot.sql;

/**
 * A query that could not run or was stopped, with a message fit for chat: the database's own words
 * and position for a syntax error, the timeout for a cancellation, the cause for an unreachable
 * database.
 */
public final class QueryFailure extends Exception {
  /** Why it failed, for the audit log and the reply's wording. */
  public enum Kind {
    UNAVAILABLE,
    TIMEOUT,
    REFUSED_BY_DATABASE,
    QUERY_ERROR,
    /** Refused before reaching the database: the text holds more than one statement. */
    NOT_SENT
  }

  private final Kind kind;

  public QueryFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
