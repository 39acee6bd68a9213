package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is paged when an alert goes unacknowledged. {@code policies} names, per severity, an
 * escalation policy of {@code config/oncall.yaml}. Without policies, the older single page: a
 * mention posted in a critical alert's thread (a Slack user group such as {@code
 * <!subteam^S0ONCALL>}; for alerts in Discord channels a role such as {@code
 * <@&123456789012345678>}) and the on-call email addresses, once, after the rule's escalateAfter.
 */
public record AlertEscalation(
    String mention, String discordMention, List<String> email, Map<String, String> policies) {
  public static final AlertEscalation NONE = new AlertEscalation(null, null, null, null);

  public AlertEscalation {
    mention = mention == null || mention.isBlank() ? "@here" : mention;
    discordMention = discordMention == null || discordMention.isBlank() ? null : discordMention;
    email = email == null ? List.of() : email.stream().filter(a -> !a.isBlank()).toList();
    policies = policies == null ? Map.of() : new LinkedHashMap<>(policies);
  }

  public AlertEscalation(String mention, String discordMention, List<String> email) {
    this(mention, discordMention, email, null);
  }

  public AlertEscalation(String mention, List<String> email) {
    this(mention, null, email, null);
  }

  /** Rules name escalation policies by severity (and may name their own). */
  public static AlertEscalation policies(Map<String, String> bySeverity) {
    return new AlertEscalation(null, null, null, bySeverity);
  }
}
