package dev.opsbot.rollback;

import java.time.Duration;

/**
 * A provider API call that did not succeed, with a message fit for chat: what happened and what to
 * do. Never carries a token or a header value.
 */
public final class ProviderException extends RuntimeException {
  /** What kind of failure, so callers decide whether trying again could make sense. */
  public enum Kind {
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    UNPROCESSABLE,
    RATE_LIMITED,
    SERVER_ERROR,
    BAD_REQUEST,
    NETWORK,
    BAD_RESPONSE
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public ProviderException(Kind kind, int status, Duration retryAfter, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** How long the provider asked us to wait (429), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Failures that may pass on their own: worth another read, never another rollback. */
  public boolean transientFailure() {
    return kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR || kind == Kind.NETWORK;
  }
}
