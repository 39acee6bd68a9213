package dev.opsbot.oncall;

import java.time.Instant;
import java.util.List;

/**
 * The alerts a hand-over hands on: open ones that fired (firing, acknowledged or snoozed). The
 * wiring answers it from the alert store, so on-call needs nothing of the alert feature.
 */
public interface OpenAlerts {
  OpenAlerts NONE = () -> List.of();

  /** Every open alert that fired, oldest first. */
  List<OpenAlert> open();

  /** Where an open alert stands. */
  enum Status {
    FIRING,
    ACKNOWLEDGED,
    SNOOZED
  }

  /**
   * One open alert: {@code by} is the chat user id that acknowledged or snoozed it (null when
   * firing), {@code snoozedUntil} is set when snoozed.
   */
  record OpenAlert(
      long id,
      String severity,
      String service,
      String summary,
      Instant since,
      Status status,
      String by,
      Instant snoozedUntil) {}
}
