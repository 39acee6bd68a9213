package dev.opsbot.delivery;

import dev.opsbot.chat.Message;
import java.time.Clock;
import java.util.UUID;

/**
 * Replies in the thread of a message opsbot posted earlier, through the outbox: how a click on an
 * alert's runbook button answers in the alert's thread, whichever replica took the click.
 */
public final class ThreadReplies {
  private final Outbox outbox;
  private final Runnable wake;
  private final Clock clock;

  public ThreadReplies(Outbox outbox, Runnable wake, Clock clock) {
    this.outbox = outbox;
    this.wake = wake;
    this.clock = clock;
  }

  /**
   * Replies to the message stored under {@code threadKey} in {@code channel} (an address as {@link
   * ChatAddress} makes them).
   */
  public void reply(String channel, String threadKey, String what, Message message) {
    String key = threadKey + "/" + what + "-" + UUID.randomUUID();
    outbox.enqueue(OutboxItem.reply(key, channel, threadKey, message), clock.instant());
    wake.run();
  }
}
