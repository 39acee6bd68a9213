package dev.opsbot.alert;

import dev.opsbot.access.Caller;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code /page}: checks the target and the text, then fires the pseudo rule's alert through the
 * desk's own transitions, so it is stored, posted with its buttons and paged for like any alert.
 * Runs on the desk's thread.
 */
final class ManualPage {
  private final ManualPages manual;
  private final AlertRules rules;
  private final Map<String, AlertRule> rulesById;
  private final AlertBoard board;
  private final ThreadIndex index;
  private final DeferredTransitions transitions;
  private final AlertStore store;

  ManualPage(
      ManualPages manual,
      AlertRules rules,
      Map<String, AlertRule> rulesById,
      AlertBoard board,
      ThreadIndex index,
      DeferredTransitions transitions,
      AlertStore store) {
    this.manual = manual;
    this.rules = rules;
    this.rulesById = rulesById;
    this.board = board;
    this.index = index;
    this.transitions = transitions;
    this.store = store;
  }

  AlertDesk.Response raise(
      String target, String text, Caller caller, Instant now, Escalator escalator) {
    Optional<String> refusal = refusal(target, text);
    if (refusal.isPresent()) {
      return new AlertDesk.Response(false, refusal.get());
    }
    String policy = manual.policyFor(target).orElseThrow();
    AlertRule rule = rulesById.get(ManualPages.RULE_PREFIX + policy);
    if (rules.channelFor(rule).isEmpty()) {
      return new AlertDesk.Response(
          false,
          "No channel for critical alerts: set routes.critical in the rules file to use /page.");
    }
    AlertKey key = new AlertKey(rule.id(), ManualPages.SERVICE);
    // The database too: another replica may have raised it a moment ago.
    Optional<Long> open =
        index.openId(key).or(() -> store.findOpen(rule.id(), ManualPages.SERVICE).map(a -> a.id()));
    if (open.isPresent()) {
      return new AlertDesk.Response(
          false,
          "Alert "
              + open.get()
              + " paging "
              + target
              + " is still open: add to its thread, or resolve it first.");
    }
    String by = caller.userName() != null ? caller.userName() : caller.userId();
    String value = "paged by " + by;
    AlertEvent.Fired fired = new AlertEvent.Fired(key, rule, value, null, text.strip(), now, now);
    board.change(
        states -> states.put(key, AlertState.Firing.raised(rule, now, value, text.strip())));
    // Kept in memory and stored later if the database is away now, like any transition.
    transitions.applyOne(fired, by);
    escalator.tick(now);
    Long id = index.openId(key).orElse(null);
    return new AlertDesk.Response(
        true,
        (id == null ? "Alert" : "Alert " + id)
            + " raised: "
            + (policy.startsWith("@")
                ? "paging " + target + " directly"
                : "paging by escalation policy " + policy)
            + ".");
  }

  private Optional<String> refusal(String target, String text) {
    if (manual.policyFor(target).isEmpty()) {
      return Optional.of(
          "'"
              + target
              + "' is neither an escalation policy nor a person. Policies: "
              + list(manual.policies())
              + ". People: "
              + list(manual.people())
              + ".");
    }
    if (text == null || text.isBlank()) {
      return Optional.of("Say what is wrong: /page " + target + " <text>.");
    }
    if (text.strip().length() > ManualPages.LONGEST_TEXT) {
      return Optional.of(
          "The text is "
              + text.strip().length()
              + " characters; at most "
              + ManualPages.LONGEST_TEXT
              + " fit in an alert. Say the rest in its thread.");
    }
    return Optional.empty();
  }

  private static String list(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
