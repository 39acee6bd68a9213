package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.PolicyConfig;
import dev.opsbot.config.PolicyStep;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which escalation policy pages for an alert: the rule's own ({@code policy:}), else its severity's
 * ({@code escalation.policies} of the rules file), from {@code config/oncall.yaml}. Rules files
 * without policies keep the older single page: a critical alert unacknowledged for escalateAfter
 * pages {@code escalation.mention} (or {@code discordMention}) and mails {@code escalation.email},
 * once; that is a policy of one step here, so both go the same way.
 */
public final class EscalationPolicies {
  /** Pages after the last step repeat this often when the last step's {@code after} is 0. */
  static final Duration REPEAT_WHEN_ZERO = Duration.ofMinutes(5);

  private final AlertRules rules;
  private final Map<String, PolicyConfig> policies;

  public EscalationPolicies(AlertRules rules, Map<String, PolicyConfig> policies) {
    this.rules = rules;
    this.policies = Map.copyOf(policies);
  }

  /** The name of the one-step policy that pages person {@code id} of {@code people:}. */
  static String personPolicy(String id) {
    return "@" + id;
  }

  /** The policies' names, sorted: what {@code /page} accepts besides people. */
  List<String> names() {
    return policies.keySet().stream().filter(n -> !n.startsWith("@")).sorted().toList();
  }

  /** These policies, and for each of {@code people} a policy that pages them once, at once. */
  EscalationPolicies withPeople(Collection<String> people) {
    Map<String, PolicyConfig> all = new HashMap<>(policies);
    for (String id : people) {
      all.putIfAbsent(
          personPolicy(id),
          new PolicyConfig(
              List.of(new PolicyStep(Duration.ZERO, null, id, null, null, List.of())), 0));
    }
    return new EscalationPolicies(rules, all);
  }

  /** The older single page for every critical rule, whatever policies exist. */
  public static EscalationPolicies singlePage(AlertRules rules) {
    return new EscalationPolicies(rules, Map.of());
  }

  /**
   * A policy as an alert goes through it: pages numbered from 1, one per step, then the last step
   * again {@code repeat} times.
   */
  record Policy(String name, List<PolicyStep> steps, int repeat) {
    Policy {
      steps = List.copyOf(steps);
    }

    int pages() {
      return steps.size() + repeat;
    }

    /** The step page {@code page} pages (1-based). */
    PolicyStep step(int page) {
      return steps.get(Math.min(page, steps.size()) - 1);
    }

    /** The step's number: 1 to {@code steps().size()}. */
    int stepNumber(int page) {
      return Math.min(page, steps.size());
    }

    /** How long page {@code page} waits after the one before it (the first: after firing). */
    Duration waitBefore(int page) {
      if (page <= steps.size()) {
        return steps.get(page - 1).after();
      }
      Duration last = steps.getLast().after();
      return last.isZero() ? REPEAT_WHEN_ZERO : last;
    }
  }

  /** The policy that pages for alerts of {@code rule} (with its defaults filled in), if any. */
  Optional<Policy> forRule(AlertRule rule) {
    String name = rule.policy();
    if (name == null && rule.severity() != null) {
      name = rules.escalation().policies().get(rule.severity().id());
    }
    if (name != null) {
      PolicyConfig policy = policies.get(name);
      // Configuration refuses a name it does not know; a policy without steps pages no one.
      return policy == null || policy.steps().isEmpty()
          ? Optional.empty()
          : Optional.of(new Policy(name, policy.steps(), policy.repeat()));
    }
    if (!usesPolicies() && RuleEvaluator.critical(rule)) {
      var escalation = rules.escalation();
      PolicyStep page =
          new PolicyStep(
              rule.escalateAfter(),
              null,
              null,
              escalation.mention(),
              escalation.discordMention(),
              escalation.email());
      return Optional.of(new Policy("escalation", List.of(page), 0));
    }
    return Optional.empty();
  }

  /** Whether the rules file names policies at all: then a rule without one pages no one. */
  private boolean usesPolicies() {
    return !rules.escalation().policies().isEmpty()
        || rules.rules().stream().anyMatch(rule -> rule != null && rule.policy() != null);
  }
}
