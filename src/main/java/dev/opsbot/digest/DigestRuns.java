package dev.opsbot.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** The record of digests sent, one per channel and day, shared by every replica. */
public interface DigestRuns {
  /**
   * Claims the digest of {@code day} for {@code channel}: true for exactly one caller, unless that
   * caller's claim is older than {@code lease} without being completed (it died), when the next
   * caller gets it.
   */
  boolean claim(
      String channel,
      LocalDate day,
      Instant scheduledFor,
      boolean late,
      String replica,
      Instant now,
      Duration lease);

  /**
   * A claim whose digest could not be built or enqueued: the next tick, of any replica, retries.
   */
  void release(String channel, LocalDate day);

  /** The claimed digest is in the outbox: nobody sends it again. */
  void complete(String channel, LocalDate day);

  /** Records a day that is not to be posted late (the first start of a new schedule). */
  void skip(String channel, LocalDate day, Instant scheduledFor, String replica, Instant now);

  /** True once any digest of the channel was claimed, sent or skipped. */
  boolean known(String channel);
}
