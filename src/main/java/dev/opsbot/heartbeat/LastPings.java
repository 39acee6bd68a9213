package dev.opsbot.heartbeat;

import java.time.Instant;

/**
 * What the state database holds of one monitor, for every replica alike.
 *
 * @param success the newest ping saying the job ran; null before the first
 * @param failure the newest {@code /fail} ping; null before the first
 */
public record LastPings(Instant success, Instant failure, long count) {
  public static final LastPings NONE = new LastPings(null, null, 0);

  /** A failure reported after the newest success stands until the next success. */
  public boolean failing() {
    return failure != null && (success == null || failure.isAfter(success));
  }
}
