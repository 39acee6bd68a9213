package dev.opsbot.chat.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a Discord mention such as {@code <@&123>} (a role) or {@code <@456>} (a user) notifies: the
 * ids a message may ping, and no one else.
 */
record DiscordMention(String text, List<String> roleIds, List<String> userIds) {
  private static final Pattern MENTION = Pattern.compile("<@(&|!)?(\\d{1,20})>");

  DiscordMention {
    roleIds = List.copyOf(roleIds);
    userIds = List.copyOf(userIds);
  }

  /** The mention's ids, or null when it names no Discord role or user (a Slack mention, say). */
  static DiscordMention parse(String mention) {
    if (mention == null) {
      return null;
    }
    List<String> roles = new ArrayList<>();
    List<String> users = new ArrayList<>();
    Matcher matcher = MENTION.matcher(mention);
    while (matcher.find()) {
      ("&".equals(matcher.group(1)) ? roles : users).add(matcher.group(2));
    }
    return roles.isEmpty() && users.isEmpty()
        ? null
        : new DiscordMention(mention.strip(), roles, users);
  }
}
