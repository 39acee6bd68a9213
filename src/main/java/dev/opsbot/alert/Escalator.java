package dev.opsbot.alert;

import dev.opsbot.alert.EscalationPolicies.Policy;
import dev.opsbot.alert.EscalationStore.Escalating;
import dev.opsbot.alert.EscalationStore.Position;
import dev.opsbot.config.AlertRule;
import dev.opsbot.state.StateUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages for firing alerts, step by step, as their policies say. It reads the due pages from the
 * state database, not from this replica's memory: whichever replica looks first pages, the row lock
 * makes it once, and an alert fired by a replica that has since stopped is still paged for.
 *
 * <p>Page {@code n} is due when the alert has been unacknowledged for the {@code after}s of the
 * steps up to it (the repeats of the last step every last {@code after}); a snooze that ends gives
 * people the next page's wait again. A step that reaches no one because nobody is on call goes on
 * to the next at once.
 */
final class Escalator {
  private static final Logger log = LoggerFactory.getLogger(Escalator.class);

  private final EscalationStore store;
  private final EscalationPolicies policies;
  private final Map<String, AlertRule> rulesById;
  private final Runbooks runbooks;
  private final Pager pager;
  private final Runnable deliverSoon;
  private final boolean anyPolicy;

  Escalator(
      EscalationStore store,
      EscalationPolicies policies,
      Map<String, AlertRule> rulesById,
      Runbooks runbooks,
      Pager pager,
      Runnable deliverSoon) {
    this.store = store;
    this.policies = policies;
    this.rulesById = rulesById;
    this.runbooks = runbooks;
    this.pager = pager;
    this.deliverSoon = deliverSoon;
    this.anyPolicy = rulesById.values().stream().anyMatch(r -> policies.forRule(r).isPresent());
  }

  /** Makes every page due at {@code now}; returns how many this replica made. */
  int tick(Instant now) {
    if (!anyPolicy) {
      return 0; // no rule pages anyone: nothing to ask the database
    }
    int paged = 0;
    try {
      for (Escalating alert : store.firing(now)) {
        AlertRule rule = rulesById.get(alert.ruleId());
        Optional<Policy> policy = rule == null ? Optional.empty() : policies.forRule(rule);
        if (policy.isPresent()) {
          paged += pageDue(alert, rule, policy.get(), now);
        }
      }
    } catch (StateUnavailableException e) {
      log.warn(
          "event=escalation_skipped reason=\"{}\" note=\"tried again next tick\"", e.getMessage());
    }
    if (paged > 0) {
      deliverSoon.run();
    }
    return paged;
  }

  /** The pages due for one alert: usually none or one; more when a step reached nobody. */
  private int pageDue(Escalating alert, AlertRule rule, Policy policy, Instant now) {
    Position position = alert.position();
    Instant due = due(alert, policy, position);
    int paged = 0;
    while (position.pages() < policy.pages() && due != null && !now.isBefore(due)) {
      int page = position.pages() + 1;
      Pager.Page made = pager.page(alert, policy, page, now, runbooks.forRule(rule));
      Position next =
          page <= policy.steps().size()
              ? new Position(page, 0)
              : new Position(position.step(), position.repeats() + 1);
      Instant nextDue =
          page == policy.pages()
              ? null
              : made.reachedNoOne() && made.nobodyOnCall() && page < policy.steps().size()
                  ? now
                  : due.plus(policy.waitBefore(page + 1));
      AlertMove move = store.page(alert.id(), position, next, nextDue, now, made.items());
      if (!(move instanceof AlertMove.Moved)) {
        // Acknowledged, snoozed or resolved meanwhile, or paged by another replica first.
        return paged;
      }
      log.info(
          "event=alert_paged alert={} policy={} page={} of={}",
          alert.id(),
          policy.name(),
          page,
          policy.pages());
      paged++;
      position = next;
      due = nextDue;
    }
    return paged;
  }

  /** When the next page is due, or null when the policy is done. */
  static Instant due(Escalating alert, Policy policy, Position position) {
    int page = position.pages() + 1;
    if (page > policy.pages()) {
      return null;
    }
    Instant due =
        position.pages() == 0 ? alert.firedAt().plus(policy.waitBefore(1)) : alert.dueAt();
    if (due == null) {
      return null;
    }
    if (alert.resumedAt() != null) {
      Instant afterSnooze = alert.resumedAt().plus(policy.waitBefore(page));
      return afterSnooze.isAfter(due) ? afterSnooze : due;
    }
    return due;
  }
}
