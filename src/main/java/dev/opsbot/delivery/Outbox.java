package dev.opsbot.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Durable storage of outgoing messages; the state database implements it. Every method throws
 * {@link dev.opsbot.state.StateUnavailableException} when the storage cannot be reached now.
 */
public interface Outbox {
  /** Stores the item unless one with its key is stored already; true when it was new. */
  boolean enqueue(OutboxItem item, Instant now);

  /** Claims due items whose parent is sent, leasing each so no other replica takes it. */
  List<OutboxItem> claimDue(Instant now, int limit, Duration lease);

  void markSent(long id, String platformRef, Instant at);

  void retryAt(long id, Instant next, String error);

  void markFailed(long id, String error);
}
