package dev.opsbot.config;

import java.time.Duration;
import java.util.List;

/**
 * One step of an escalation policy: {@code after} this long unacknowledged (counted from the
 * previous step; for the first, from the alert firing), page the current on-call of {@code
 * schedule}, or {@code person} (an id of {@code people:}), or a user group ({@code slackGroup} as
 * {@code <!subteam^ID>}, {@code discordRole} as {@code <@&id>}); {@code email} is mailed besides.
 */
public record PolicyStep(
    Duration after,
    String schedule,
    String person,
    String slackGroup,
    String discordRole,
    List<String> email) {
  public PolicyStep {
    after = after == null ? Duration.ZERO : after;
    email =
        email == null ? List.of() : email.stream().filter(a -> a != null && !a.isBlank()).toList();
  }
}
