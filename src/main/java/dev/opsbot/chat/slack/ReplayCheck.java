package dev.opsbot.chat.slack;

import java.time.Instant;

/**
 * Whether a correctly signed request is new to every replica, not only to this one: a captured
 * request replayed to another replica, or after a restart, within its five minutes is refused.
 */
@FunctionalInterface
public interface ReplayCheck {
  /** This replica's memory only: enough for a single replica. */
  ReplayCheck THIS_REPLICA_ONLY = (signature, keepUntil) -> true;

  /** True the first time {@code signature} is seen by any replica; kept until {@code keepUntil}. */
  boolean firstTime(String signature, Instant keepUntil);
}
