package dev.opsbot.delivery;

import dev.opsbot.chat.Message;
import java.time.Instant;

/**
 * A message waiting in the outbox. {@code key} makes it idempotent: enqueuing the same key twice
 * stores it once. An {@code UPDATE} or {@code REPLY} names the message it edits or answers by that
 * message's key, and waits until that one is sent ({@code parentRef} is then its platform id).
 *
 * <p>{@code inDoubt} is true when an earlier attempt to send it ended without a definite answer
 * (timeout, connection lost, crash in flight): the platform may have it already, so a sender that
 * can look should look before posting it again. {@code createdAt} is when it was enqueued (null
 * before it is stored), so a sender knows how far back to look.
 */
public record OutboxItem(
    long id,
    String key,
    String channel,
    Kind kind,
    String parentKey,
    Message message,
    int attempts,
    String parentRef,
    boolean inDoubt,
    Instant createdAt) {

  public enum Kind {
    POST,
    UPDATE,
    REPLY
  }

  /** An item whose last attempt, if any, ended with a definite answer. */
  public OutboxItem(
      long id,
      String key,
      String channel,
      Kind kind,
      String parentKey,
      Message message,
      int attempts,
      String parentRef) {
    this(id, key, channel, kind, parentKey, message, attempts, parentRef, false, null);
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
