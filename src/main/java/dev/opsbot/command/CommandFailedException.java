package dev.opsbot.command;

/** The command tried and failed for a reason the user can act on; audited as an error. */
public final class CommandFailedException extends RuntimeException {
  public CommandFailedException(String message) {
    super(message);
  }
}
