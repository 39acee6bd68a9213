package dev.opsbot.access;

import java.util.Set;

/**
 * Who asked, from where: for permissions, audit, and replies. {@code memberOf} holds the roles or
 * groups the platform told us about with the request (Discord role ids).
 */
public record Caller(
    String platform, String userId, String userName, String channelId, Set<String> memberOf) {
  public Caller {
    memberOf = memberOf == null ? Set.of() : Set.copyOf(memberOf);
  }

  public Caller(String platform, String userId, String userName, String channelId) {
    this(platform, userId, userName, channelId, Set.of());
  }

  /**
   * The person at the terminal, acting as the given chat user id: signed with that id too, so an
   * acknowledgement or a plan names the user whose rights it used, not the terminal's login.
   */
  public static Caller console(String userId) {
    return new Caller("console", userId, userId, "console");
  }
}
