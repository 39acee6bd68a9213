package dev.opsbot.config;

import java.util.List;
import java.util.Optional;

/**
 * Checks one runbook action of an alert rule: {@code restart}, {@code rollback}, {@code logs} with
 * an optional window, or {@code sql <saved query>}; the first three on services opsbot knows where
 * they run (rollback.services).
 */
final class RunbookActionCheck {
  private RunbookActionCheck() {}

  /** What is wrong with the action, if anything. */
  static Optional<String> check(
      AlertRule rule, String action, OpsbotConfig fleet, String fleetFile) {
    String[] words = action == null ? new String[0] : action.strip().split("\\s+");
    String verb = words.length == 0 ? "" : words[0];
    return switch (verb) {
      case "restart", "rollback", "logs" -> platformAction(rule, action, words, fleet, fleetFile);
      case "sql" ->
          words.length == 2
              ? Optional.empty()
              : Optional.of("'" + action + "': name one saved query, such as sql failed-jobs");
      default ->
          Optional.of(
              "'"
                  + action
                  + "' is not an action: restart, rollback, logs 15m or sql <saved query>");
    };
  }

  private static Optional<String> platformAction(
      AlertRule rule, String action, String[] words, OpsbotConfig fleet, String fleetFile) {
    String verb = words[0];
    if (words.length > 2 || (words.length == 2 && !verb.equals("logs"))) {
      return Optional.of(
          "'"
              + action
              + "': "
              + verb
              + " takes "
              + (verb.equals("logs") ? "at most a window, such as logs 15m" : "nothing more"));
    }
    if (words.length == 2) {
      try {
        DurationText.parse(words[1]);
      } catch (IllegalArgumentException e) {
        return Optional.of("'" + words[1] + "' is not a window: write logs 15m or logs 1h");
      }
    }
    List<String> unreachable =
        rule.services().stream()
            .filter(id -> !fleet.rollback().services().containsKey(id))
            .toList();
    return unreachable.isEmpty()
        ? Optional.empty()
        : Optional.of(
            verb
                + " needs to know where "
                + String.join(", ", unreachable)
                + " runs: add it under rollback.services in "
                + fleetFile);
  }
}
