package dev.opsbot.chat.discord;

import java.time.Duration;

/**
 * What one call to Discord's REST API came to, and so whether another attempt can help: Discord
 * said wait (429), Discord or the network had a passing problem (5xx, timeouts), or Discord refused
 * in a way that retrying cannot fix (a missing channel or permission, a bad token).
 */
sealed interface DiscordCall {
  /** Discord took it; {@code id} is the id of the message or thread it answered with. */
  record Done(String id) implements DiscordCall {}

  /** Discord asked us to slow down; {@code retryAfter} is null when it did not say for how long. */
  record RateLimited(Duration retryAfter, String reason) implements DiscordCall {}

  /**
   * A passing problem; {@code mayHaveArrived} is true when no answer came (a timeout, a connection
   * lost after the request was written), so Discord may have taken it.
   */
  record Transient(String reason, boolean mayHaveArrived) implements DiscordCall {}

  /** {@code code} is Discord's JSON error code (10003 Unknown Channel ...), 0 when it gave none. */
  record Permanent(int code, String reason) implements DiscordCall {}
}
