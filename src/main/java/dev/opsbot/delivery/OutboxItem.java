package dev.opsbot.delivery;

import dev.opsbot.chat.Message;

/**
 * A message waiting in the outbox. {@code key} makes it idempotent: enqueuing the same key twice
 * stores it once. An {@code UPDATE} or {@code REPLY} names the message it edits or answers by that
 * message's key, and waits until that one is sent ({@code parentRef} is then its platform id).
 */
public record OutboxItem(
    long id,
    String key,
    String channel,
    Kind kind,
    String parentKey,
    Message message,
    int attempts,
    String parentRef) {

  public enum Kind {
    POST,
    UPDATE,
    REPLY
  }

  public static OutboxItem post(String key, String channel, Message message) {
    return new OutboxItem(0, key, channel, Kind.POST, null, message, 0, null);
  }

  public static OutboxItem update(String key, String channel, String parentKey, Message message) {
    return new OutboxItem(0, key, channel, Kind.UPDATE, parentKey, message, 0, null);
  }

  public static OutboxItem reply(String key, String channel, String parentKey, Message message) {
    return new OutboxItem(0, key, channel, Kind.REPLY, parentKey, message, 0, null);
  }
}
