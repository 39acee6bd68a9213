package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts raised by hand ({@code /page}): each escalation policy, and each person of {@code people:}
 * as a policy of one step, has a pseudo rule {@code page/<name>} that no probe result reads. Its
 * alerts are critical, on the service {@code manual}, and go through the store, the thread, the
 * buttons and the escalation like any rule's; only a person resolves them.
 */
final class ManualPages {
  static final String RULE_PREFIX = "page/";
  static final String SERVICE = "manual";
  static final int LONGEST_TEXT = 500;

  private final List<String> policies;
  private final List<String> people;

  ManualPages(List<String> policies, List<String> people) {
    this.policies = policies.stream().sorted().toList();
    this.people = people.stream().sorted().toList();
  }

  /** The pseudo rules, one per policy and person, added to the desk's rules by id. */
  void addRules(AlertRules rules, Map<String, AlertRule> rulesById) {
    List<String> names = new ArrayList<>(policies);
    people.stream().map(EscalationPolicies::personPolicy).forEach(names::add);
    for (String name : names) {
      AlertRule rule =
          new AlertRule(
                  RULE_PREFIX + name,
                  "{reason}",
                  null,
                  Severity.CRITICAL,
                  Duration.ZERO,
                  Duration.ZERO,
                  null,
                  null,
                  null,
                  null,
                  List.of(SERVICE),
                  name,
                  List.of())
              .withDefaults(rules.defaults());
      rulesById.putIfAbsent(rule.id(), rule);
    }
  }

  /** The policy a {@code /page} target names: a policy first, else a person. */
  Optional<String> policyFor(String target) {
    if (policies.contains(target)) {
      return Optional.of(target);
    }
    return people.contains(target)
        ? Optional.of(EscalationPolicies.personPolicy(target))
        : Optional.empty();
  }

  List<String> policies() {
    return policies;
  }

  List<String> people() {
    return people;
  }

  static boolean isManual(String ruleId) {
    return ruleId != null && ruleId.startsWith(RULE_PREFIX);
  }
}
