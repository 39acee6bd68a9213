package dev.opsbot.command;

/** Who asked, from where: for permissions, audit, and replies. */
public record Caller(String platform, String userId, String userName, String channelId) {
  public static Caller console() {
    String user = System.getProperty("user.name", "console");
    return new Caller("console", user, user, "console");
  }
}
