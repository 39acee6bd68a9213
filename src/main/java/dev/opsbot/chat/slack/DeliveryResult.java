package dev.opsbot.chat.slack;

/**
 * What became of one delivery to Slack. A failure is never silent: its reason, naming the channel,
 * has already been logged when the caller sees it.
 */
public sealed interface DeliveryResult {
  /** The channel id Slack reported (or the one asked for, when it reported none). */
  String channel();

  default boolean delivered() {
    return !(this instanceof Failed);
  }

  /** A message posted or updated: {@code ts} identifies it for threads and later updates. */
  record Delivered(String ts, String channel) implements DeliveryResult {}

  /** A file uploaded and shared into the channel. */
  record Uploaded(String fileId, String channel) implements DeliveryResult {}

  /**
   * Slack would not take it, or retries ran out; {@code reason} says which and why. {@code
   * retryable} is false when trying again cannot help (a missing channel, a bad token). {@code
   * mayHaveArrived} is true when an attempt ended without a definite answer, so Slack may have
   * posted it after all.
   */
  record Failed(String channel, String reason, boolean retryable, boolean mayHaveArrived)
      implements DeliveryResult {
    public Failed(String channel, String reason, boolean retryable) {
      this(channel, reason, retryable, false);
    }
  }
}
