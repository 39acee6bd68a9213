package dev.opsbot.config;

import java.util.List;

/**
 * Who is paged when a critical alert goes unacknowledged: a mention posted in the alert's thread (a
 * Slack user group such as {@code <!subteam^S0ONCALL>}; for alerts in Discord channels a role such
 * as {@code <@&123456789012345678>}) and the on-call email addresses.
 */
public record AlertEscalation(String mention, String discordMention, List<String> email) {
  public static final AlertEscalation NONE = new AlertEscalation(null, null, null);

  public AlertEscalation {
    mention = mention == null || mention.isBlank() ? "@here" : mention;
    discordMention = discordMention == null || discordMention.isBlank() ? null : discordMention;
    email = email == null ? List.of() : email.stream().filter(a -> !a.isBlank()).toList();
  }

  public AlertEscalation(String mention, List<String> email) {
    this(mention, null, email);
  }
}
