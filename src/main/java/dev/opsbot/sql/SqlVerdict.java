package dev.opsbot.sql;

import java.util.List;

/** What {@link SqlGuard} decided about a query. */
public sealed interface SqlVerdict {
  /**
   * The query may run. {@code sql} is the parser's own rendering of the single statement (no
   * comments, no second statement), with every named parameter turned into {@code ?}; {@code
   * parameters} names them in the order they must be bound.
   */
  record Allowed(String sql, List<String> parameters) implements SqlVerdict {
    public Allowed {
      parameters = List.copyOf(parameters);
    }
  }

  /** The query is refused by {@code rule}; {@code reason} says why in a sentence. */
  record Refused(String rule, String reason) implements SqlVerdict {}
}
