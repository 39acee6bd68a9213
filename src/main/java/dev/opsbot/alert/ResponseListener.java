package dev.opsbot.alert;

import java.time.Instant;

/**
 * Hears a person's acknowledge, snooze or resolve that this desk stored (not one another replica
 * made first), so a feature that raised the alert elsewhere can tell its source. Called on the
 * desk's thread: it must hand slow work off and return at once.
 */
@FunctionalInterface
public interface ResponseListener {
  enum Kind {
    ACKNOWLEDGED,
    SNOOZED,
    RESOLVED
  }

  /**
   * @param alert the alert as stored after the move
   * @param until when a snooze ends; null for the others
   */
  void responded(StoredAlert alert, Kind kind, String by, Instant until);
}
