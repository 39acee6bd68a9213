package dev.opsbot.command;

/** The arguments of a command do not fit its usage; the message says which and why. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
