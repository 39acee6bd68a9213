package dev.opsbot.delivery;

/**
 * How outbox items name where they go: Discord channels by id behind {@link #DISCORD}, which {@link
 * ChatRoutes} sends to the Discord adapter; Slack channels and the console as they are.
 */
public final class ChatAddress {
  public static final String DISCORD = "discord:";

  private ChatAddress() {}

  /** The address of the channel someone asked from, on {@code platform}; null without a channel. */
  public static String of(String platform, String channelId) {
    if (channelId == null || channelId.isBlank()) {
      return null;
    }
    return "discord".equals(platform) ? DISCORD + channelId : channelId;
  }

  public static boolean isDiscord(String address) {
    return address != null && address.startsWith(DISCORD);
  }
}
