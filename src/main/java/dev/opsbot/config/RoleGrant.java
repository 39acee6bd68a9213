package dev.opsbot.config;

import java.util.List;

/**
 * Who holds a role: Slack user ids, Slack user group ids, Discord role ids; optionally only in some
 * channels.
 */
public record RoleGrant(
    List<String> slackUsers,
    List<String> slackUserGroups,
    List<String> discordRoles,
    List<String> channels) {
  public RoleGrant {
    slackUsers = slackUsers == null ? List.of() : List.copyOf(slackUsers);
    slackUserGroups = slackUserGroups == null ? List.of() : List.copyOf(slackUserGroups);
    discordRoles = discordRoles == null ? List.of() : List.copyOf(discordRoles);
    channels = channels == null ? List.of() : List.copyOf(channels);
  }
}
