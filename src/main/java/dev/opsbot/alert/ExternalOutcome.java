package dev.opsbot.alert;

/**
 * What the desk made of an {@link ExternalAlert}.
 *
 * @param alertId the opsbot alert, null when none is open ({@link Result#NOT_OPEN}) or it could not
 *     be stored ({@link Result#NOT_STORED})
 */
public record ExternalOutcome(Result result, Long alertId) {
  public enum Result {
    /** Opened, stored, its post enqueued. */
    FIRED,
    /** Already open: its value updated when it changed. */
    UPDATED,
    /** Resolved, stored, its post enqueued. */
    RESOLVED,
    /** Nothing open to resolve. */
    NOT_OPEN,
    /** The state database did not take it now: kept in memory; the source should send it again. */
    NOT_STORED
  }

  /** Whether the state database holds what the source said. */
  public boolean stored() {
    return result != Result.NOT_STORED;
  }
}
