package dev.opsbot.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends each outbox item through the platform its channel names: {@code discord:123}, {@code
 * email:a@example.com}, or the default platform for plain channels ({@code #ops-alerts}). Platforms
 * connect after start-up; until one does, its items wait in the outbox.
 */
public final class ChatRoutes implements ChatSender {
  private static final Duration WAIT_FOR_PLATFORM = Duration.ofMinutes(1);

  private final Map<String, ChatSender> byPrefix = new ConcurrentHashMap<>();
  private volatile ChatSender defaultSender;
  private volatile String defaultMissing =
      "no chat platform is connected: set SLACK_BOT_TOKEN (see README, Connect to Slack)";

  /** Items whose channel starts with {@code prefix} (such as {@code "discord:"}) go to sender. */
  public void route(String prefix, ChatSender sender) {
    byPrefix.put(prefix, sender);
  }

  /** Items for plain channel names go to {@code sender}. */
  public void routeDefault(ChatSender sender) {
    this.defaultSender = sender;
  }

  @Override
  public SendResult send(OutboxItem item) {
    for (Map.Entry<String, ChatSender> route : byPrefix.entrySet()) {
      if (item.channel().startsWith(route.getKey())) {
        return route.getValue().send(item);
      }
    }
    int colon = item.channel().indexOf(':');
    if (colon > 0 && !item.channel().startsWith("#")) {
      String prefix = item.channel().substring(0, colon + 1);
      return SendResult.RetryLater.notSent(
          WAIT_FOR_PLATFORM, "nothing sends to " + prefix + " channels: it is not configured");
    }
    ChatSender sender = defaultSender;
    return sender == null
        ? SendResult.RetryLater.notSent(WAIT_FOR_PLATFORM, defaultMissing)
        : sender.send(item);
  }
}
