package dev.opsbot.status;

import java.time.Instant;

/**
 * An open alert, as the status page needs it: the wiring reads them from the alert desk.
 *
 * @param summary the alert's one line as chat shows it (may hold the probe's reason)
 * @param reason the probe's reason inside the summary (internal), or null
 * @param since when it fired
 * @param updatedAt its latest change (fired, acknowledged, snoozed)
 * @param snoozedUntil when a snooze ends, or null
 */
public record OpenIncident(
    long id,
    String severity,
    String service,
    String summary,
    String reason,
    State state,
    Instant since,
    Instant updatedAt,
    Instant snoozedUntil) {

  /** Where an open incident stands. */
  public enum State {
    INVESTIGATING,
    ACKNOWLEDGED,
    SNOOZED
  }
}
