package dev.opsbot.digest;

import dev.opsbot.chat.Message;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.mail.EmailChatSender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Builds a digest and hands it to the durable outbox: the post, the chart and the details in its
 * thread, and the email. Every item's key derives from {@code key}, so handing the same digest over
 * twice (two replicas, a retry after a crash) sends it once.
 */
public final class DigestPublisher {
  private final DigestBuilder builder;
  private final DigestMessages messages;
  private final Outbox outbox;
  private final Runnable wake;
  private final Clock clock;

  public DigestPublisher(
      DigestBuilder builder, DigestMessages messages, Outbox outbox, Runnable wake, Clock clock) {
    this.builder = builder;
    this.messages = messages;
    this.outbox = outbox;
    this.wake = wake;
    this.clock = clock;
  }

  /** The digest of the 24 hours up to {@code end}; {@code scheduledFor} only when it is late. */
  public Digest build(Instant end, ZoneId zone, Instant scheduledFor) {
    return messages.word(builder.build(end, zone, scheduledFor));
  }

  /**
   * Enqueues the digest for {@code channel} (and email to {@code email}); returns the post's key.
   */
  public String publish(String key, String channel, List<String> email, Digest digest) {
    Instant now = clock.instant();
    outbox.enqueue(OutboxItem.post(key, channel, digest.summary()), now);
    digest
        .chart()
        .ifPresent(chart ->
            outbox.enqueue(
                OutboxItem.reply(
                    key + ":chart",
                    channel,
                    key,
                    Message.builder(chart.summary()).add(chart).build()),
                now));
    outbox.enqueue(OutboxItem.reply(key + ":details", channel, key, digest.details()), now);
    if (!email.isEmpty()) {
      outbox.enqueue(
          OutboxItem.post(key + ":email", EmailChatSender.channel(email), digest.email()), now);
    }
    wake.run();
    return key;
  }
}
