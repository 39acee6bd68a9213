package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import java.time.Instant;
import java.util.Objects;

/**
 * One fired alert as its parent message shows it: the stored alert's id, the channel it is posted
 * in, what fired and when, and its runbook's Markdown (null when the rule names none).
 */
public record Incident(
    long id,
    AlertKey key,
    AlertRule rule,
    String channel,
    String value,
    String threshold,
    String reason,
    Instant since,
    Instant firedAt,
    String runbook) {
  public Incident {
    Objects.requireNonNull(key);
    Objects.requireNonNull(rule);
    Objects.requireNonNull(channel);
    Objects.requireNonNull(firedAt);
  }

  /**
   * The incident a {@code Fired} event opens, posted in the rule's channel or its severity's route.
   *
   * @throws IllegalArgumentException when neither is set (the rules validator refuses such rules)
   */
  public static Incident fired(long id, AlertEvent.Fired fired, AlertRules rules, String runbook) {
    String channel =
        rules
            .channelFor(fired.rule())
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "rule "
                        + fired.rule().id()
                        + " has no channel and no route for severity "
                        + fired.rule().severity()));
    return new Incident(
        id,
        fired.key(),
        fired.rule(),
        channel,
        fired.value(),
        fired.threshold(),
        fired.reason(),
        fired.since(),
        fired.at(),
        runbook);
  }

  /** The summary line, filled in with what fired. */
  public String summary() {
    return SummaryTemplate.render(rule, key, value, threshold, reason);
  }

  /** The same incident with the latest observed value, for parents edited after a change. */
  public Incident withValue(String newValue) {
    return new Incident(
        id, key, rule, channel, newValue, threshold, reason, since, firedAt, runbook);
  }
}
