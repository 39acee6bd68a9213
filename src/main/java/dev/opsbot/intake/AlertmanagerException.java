package dev.opsbot.intake;

import java.io.IOException;

/**
 * A call to Alertmanager that did not do what it was asked; the message says what, with
 * Alertmanager's own words where it gave some, and never a credential.
 *
 * @see AlertmanagerSilencer
 */
public final class AlertmanagerException extends IOException {
  private final int status;

  AlertmanagerException(int status, String message) {
    super(message);
    this.status = status;
  }

  AlertmanagerException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status Alertmanager answered; 0 when there was no answer. */
  public int status() {
    return status;
  }
}
