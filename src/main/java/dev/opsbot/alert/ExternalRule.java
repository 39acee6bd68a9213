package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Severity;
import java.time.Duration;
import java.util.List;

/**
 * A pseudo rule for alerts raised elsewhere (Alertmanager, a webhook) that no probe result reads:
 * like {@code /page}'s, its alerts are stored, posted with their buttons, repeated, silenced and
 * escalated like any rule's, and resolved by their source or by a person.
 *
 * @param channel null takes the severity's route of the rules file
 * @param policy null takes the severity's escalation policy
 */
public record ExternalRule(String id, Severity severity, String channel, String policy) {
  AlertRule rule(AlertRules rules) {
    // Without a route of its severity (rules files often have none for info), the nearest one.
    String where = channel;
    if (where == null && !rules.routes().containsKey(severity.id())) {
      where =
          java.util.stream.Stream.of("warning", "critical", "info")
              .map(rules.routes()::get)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElse(null);
    }
    return new AlertRule(
            id,
            "{reason}",
            null,
            severity,
            Duration.ZERO,
            Duration.ZERO,
            where,
            null,
            null,
            null,
            List.of(),
            policy,
            List.of())
        .withDefaults(rules.defaults());
  }
}
