package dev.opsbot.delivery;

/** Makes one attempt to deliver an outbox item to its chat platform; the outbox retries. */
@FunctionalInterface
public interface ChatSender {
  SendResult send(OutboxItem item);
}
