package dev.opsbot.chat.discord;

import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.ChatSender;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Sends outbox items for {@code discord:<channel id>} channels, one attempt each: the outbox does
 * the retrying, durably. A post goes to the channel, an update replaces its parent, a reply goes
 * into a thread started on its parent (the first reply starts it). The ref kept for a message is
 * {@code <channel id>/<message id>}. Every message created carries a nonce from its outbox key, so
 * Discord answers a retry (after a lost answer) with the message it already has.
 */
public final class DiscordOutboxSender implements ChatSender {
  public static final String PREFIX = ChatAddress.DISCORD;
  static final int MAX_THREAD_NAME = 100;
  private static final int THREAD_EXISTS = 160004;

  private final DiscordRest rest;
  private final DiscordRenderer renderer = new DiscordRenderer();

  DiscordOutboxSender(DiscordRest rest) {
    this.rest = rest;
  }

  /** A sender for the configured bot. */
  public static DiscordOutboxSender of(DiscordSettings settings) {
    return new DiscordOutboxSender(
        new DiscordRest(DiscordRest.client(), settings.apiUrl(), settings.token()));
  }

  @Override
  public SendResult send(OutboxItem item) {
    String channel =
        item.channel().startsWith(PREFIX)
            ? item.channel().substring(PREFIX.length()).strip()
            : item.channel();
    if (item.parentRef() == null && !DiscordSettings.isSnowflake(channel)) {
      return new SendResult.Failed(
          "'"
              + item.channel()
              + "' is not a Discord channel: write discord:<channel id> (Developer Mode, then"
              + " right-click the channel > Copy Channel ID)");
    }
    DiscordMessage message = renderer.render(item.message());
    return switch (item.kind()) {
      case POST -> post(channel, message, nonce(item));
      case UPDATE -> update(item, message);
      case REPLY -> reply(item, message);
    };
  }

  private SendResult post(String channel, DiscordMessage message, String nonce) {
    try (MessageCreateData data = message.createData()) {
      DiscordCall call = rest.post(channel, data, nonce);
      return call instanceof DiscordCall.Done done
          ? new SendResult.Sent(channel + "/" + done.id())
          : result(call);
    }
  }

  private SendResult update(OutboxItem item, DiscordMessage message) {
    Ref parent = Ref.of(item.parentRef());
    if (parent == null) {
      return new SendResult.Failed("the parent of " + item.key() + " has no Discord message id");
    }
    try (MessageEditData data = message.editData()) {
      DiscordCall call = rest.edit(parent.channel(), parent.message(), data);
      return call instanceof DiscordCall.Done
          ? new SendResult.Sent(parent.toString())
          : result(call);
    }
  }

  private SendResult reply(OutboxItem item, DiscordMessage message) {
    Ref parent = Ref.of(item.parentRef());
    if (parent == null) {
      return new SendResult.Failed("the parent of " + item.key() + " has no Discord message id");
    }
    DiscordCall thread = rest.startThread(parent.channel(), parent.message(), threadName(item));
    boolean threadReady =
        thread instanceof DiscordCall.Done
            || thread instanceof DiscordCall.Permanent p && p.code() == THREAD_EXISTS;
    if (!threadReady) {
      return result(thread);
    }
    // A thread started on a message has the message's id.
    String threadId = parent.message();
    try (MessageCreateData data = message.createData()) {
      DiscordCall call = rest.post(threadId, data, nonce(item));
      return call instanceof DiscordCall.Done done
          ? new SendResult.Sent(threadId + "/" + done.id())
          : result(call);
    }
  }

  /**
   * The nonce of an item's message: from its outbox key, so every replica and every retry sends the
   * same one (Discord allows 25 characters).
   */
  static String nonce(OutboxItem item) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(item.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "ob"
          + java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(digest)
              .substring(0, 23);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The thread's name, from its parent's key: {@code alert-42/parent} becomes "alert-42". */
  static String threadName(OutboxItem item) {
    String key = item.parentKey() == null ? item.key() : item.parentKey();
    String name = key.endsWith("/parent") ? key.substring(0, key.length() - 7) : key;
    return DiscordText.truncate(name, MAX_THREAD_NAME);
  }

  private static SendResult result(DiscordCall call) {
    return switch (call) {
      case DiscordCall.Done done -> new SendResult.Sent(done.id());
      case DiscordCall.RateLimited limited ->
          SendResult.RetryLater.notTaken(limited.retryAfter(), limited.reason());
      case DiscordCall.Transient passing ->
          new SendResult.RetryLater(null, passing.reason(), passing.mayHaveArrived());
      case DiscordCall.Permanent refused -> new SendResult.Failed(refused.reason());
    };
  }

  /** A sent message: its channel's id and its own. */
  private record Ref(String channel, String message) {
    static Ref of(String ref) {
      if (ref == null) {
        return null;
      }
      int slash = ref.indexOf('/');
      return slash <= 0 ? null : new Ref(ref.substring(0, slash), ref.substring(slash + 1));
    }

    @Override
    public String toString() {
      return channel + "/" + message;
    }
  }
}
