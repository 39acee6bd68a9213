package dev.opsbot.delivery;

import java.time.Duration;

/** What one attempt to send an outbox item came to. */
public sealed interface SendResult {
  /** Delivered; {@code ref} is the platform's id of the message (a Slack ts). */
  record Sent(String ref) implements SendResult {}

  /** Not now (5xx, timeout, 429): try again, no sooner than {@code after} when it is set. */
  record RetryLater(Duration after, String reason) implements SendResult {}

  /** Never: retrying cannot help (channel not found, not in channel). */
  record Failed(String reason) implements SendResult {}
}
