package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a rule on heartbeat monitors ({@code when: {heartbeat: missed}}): the condition, and that
 * its {@code services:} are heartbeat ids. Problems by the key under the rule's path.
 */
final class HeartbeatRuleCheck {
  private HeartbeatRuleCheck() {}

  static Map<String, String> condition(AlertCondition when) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!AlertCondition.MISSED.equals(when.heartbeat())) {
      problems.put(
          ".heartbeat",
          "'" + when.heartbeat() + "' is not a heartbeat condition: write heartbeat: missed");
    }
    if (when.endpoint() != null || when.field() != null) {
      problems.put("", "a heartbeat condition reads no endpoint or field: leave them out");
    }
    return problems;
  }

  static Map<String, String> services(AlertRule rule, OpsbotConfig fleet, String fleetFile) {
    List<String> ids =
        fleet.heartbeats().stream().filter(Objects::nonNull).map(HeartbeatConfig::id).toList();
    Map<String, String> problems = new LinkedHashMap<>();
    for (int i = 0; i < rule.services().size(); i++) {
      String id = rule.services().get(i);
      if (id == null || !ids.contains(id)) {
        problems.put(
            ".services[" + i + "]",
            "no heartbeat '"
                + id
                + "' in "
                + fleetFile
                + (ids.isEmpty()
                    ? ": it configures no heartbeats:"
                    : ": a heartbeat rule lists heartbeat ids, use one of "
                        + String.join(", ", ids)));
      }
    }
    return problems;
  }
}
