package dev.opsbot.delivery;

import java.time.Duration;

/** What one attempt to send an outbox item came to. */
public sealed interface SendResult {
  /** Delivered; {@code ref} is the platform's id of the message (a Slack ts). */
  record Sent(String ref) implements SendResult {}

  /**
   * Not now: try again, no sooner than {@code after} when it is set. {@code mayHaveArrived} is true
   * when the platform may have taken the message although no answer said so (a timeout, a
   * connection lost after the request was written): the next attempt then looks for that copy
   * before sending again. It is false when the answer proves the message was not taken (429, a 5xx
   * with its body, no platform connected).
   */
  record RetryLater(Duration after, String reason, boolean mayHaveArrived) implements SendResult {
    /** The platform answered, and its answer proves it did not take the message. */
    public static RetryLater notTaken(Duration after, String reason) {
      return new RetryLater(after, reason, false);
    }

    /**
     * Nothing was sent this time (no platform connected to send through). That says nothing of an
     * earlier attempt whose answer was lost, so the item stays in doubt: whatever sends it next
     * checks the platform first. Clearing the mark here let a replica that had not yet connected to
     * Slack turn a lost answer into a second copy of the message.
     */
    public static RetryLater notSent(Duration after, String reason) {
      return new RetryLater(after, reason, true);
    }

    /** No definite answer: the message may be in the channel already. */
    public static RetryLater inDoubt(Duration after, String reason) {
      return new RetryLater(after, reason, true);
    }
  }

  /** Never: retrying cannot help (channel not found, not in channel). */
  record Failed(String reason) implements SendResult {}
}
