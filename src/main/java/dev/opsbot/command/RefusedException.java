package dev.opsbot.command;

/** The command will not do what was asked, for a reason the message gives; audited as refused. */
public final class RefusedException extends RuntimeException {
  public RefusedException(String message) {
    super(message);
  }
}
