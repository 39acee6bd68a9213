package dev.opsbot.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Durable storage of outgoing messages; the state database implements it. Every method throws
 * {@link dev.opsbot.state.StateUnavailableException} when the storage cannot be reached now.
 */
public interface Outbox {
  /** Stores the item unless one with its key is stored already; true when it was new. */
  boolean enqueue(OutboxItem item, Instant now);

  /**
   * Claims due items whose parent is sent for {@code claimer} (a replica's worker), leasing each
   * for {@code lease} so no other replica takes it while the lease lasts.
   */
  List<OutboxItem> claimDue(Instant now, int limit, Duration lease, String claimer);

  /**
   * An attempt to send the item begins, if {@code claimer} still holds it: its lease runs from now
   * to {@code leaseUntil}, and until the attempt ends with a definite answer it is in doubt. False
   * when another replica took it meanwhile (this one's lease ran out while earlier items of its
   * batch were being sent): then it must not be sent.
   */
  boolean attemptStarts(long id, String claimer, Instant leaseUntil);

  /** Extends the lease of the items {@code claimer} still holds among {@code ids}. */
  void renewLeases(Collection<Long> ids, String claimer, Instant until);

  /** Gives the items {@code claimer} still holds among {@code ids} back, due at {@code now}. */
  void handBack(Collection<Long> ids, String claimer, Instant now);

  void markSent(long id, String platformRef, Instant at);

  /**
   * Tries again at {@code next}; {@code inDoubt} says whether the attempt that just ended may have
   * reached the platform after all.
   */
  void retryAt(long id, Instant next, String error, boolean inDoubt);

  void markFailed(long id, String error);
}
