package dev.opsbot.chat.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces calls under each key about one per interval: a channel (Slack allows about one message per
 * second per channel), or a method that Slack limits across the workspace (chat.update). Each call
 * reserves the key's next free slot, so concurrent senders queue up rather than burst; keys do not
 * wait for each other.
 */
final class ChannelPacer {
  private final Clock clock;
  private final Duration interval;
  // One entry per channel ever written to: a bot posts to a handful of configured channels.
  private final ConcurrentHashMap<String, Instant> nextFree = new ConcurrentHashMap<>();

  ChannelPacer(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** Reserves the channel's next slot and returns how long to wait for it (zero if free now). */
  Duration reserve(String channel) {
    Instant now = clock.instant();
    Instant[] slot = new Instant[1];
    nextFree.compute(
        channel,
        (key, next) -> {
          slot[0] = next == null || next.isBefore(now) ? now : next;
          return slot[0].plus(interval);
        });
    return Duration.between(now, slot[0]);
  }

  /** Keeps the channel quiet until {@code until}: Slack asked us to wait, or it is struggling. */
  void holdUntil(String channel, Instant until) {
    nextFree.merge(
        channel, until, (current, proposed) -> current.isAfter(proposed) ? current : proposed);
  }
}
