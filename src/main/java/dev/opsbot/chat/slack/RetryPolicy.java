package dev.opsbot.chat.slack;

import java.time.Duration;

/**
 * How often a Slack call is tried and how long to wait between tries: doubling from {@code
 * firstBackoff}, never more than {@code maxBackoff}. A Retry-After from Slack replaces the backoff.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** The wait after the {@code failedAttempts}-th failed attempt (1 for the first). */
  public Duration backoff(int failedAttempts) {
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
    Duration wait = firstBackoff.multipliedBy(1L << doublings);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
