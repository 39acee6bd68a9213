package dev.opsbot.platform;

/** A platform call that failed; the message says what happened and what to do, no secret in it. */
public final class PlatformException extends RuntimeException {
  public PlatformException(String message) {
    super(message);
  }
}
