package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/**
 * What a rule that says nothing gets: hold, clear, repeat and escalation times. Alerts of one rule
 * that fire within {@code groupWithin} of the first share its parent message.
 */
public record AlertDefaults(
    Duration holdFor,
    Duration clearFor,
    Duration repeatEvery,
    Duration escalateAfter,
    Duration groupWithin) {
  public static final AlertDefaults DEFAULT = new AlertDefaults(null, null, null, null, null);

  public AlertDefaults(
      Duration holdFor, Duration clearFor, Duration repeatEvery, Duration escalateAfter) {
    this(holdFor, clearFor, repeatEvery, escalateAfter, null);
  }

  public AlertDefaults {
    holdFor = requireNonNullElse(holdFor, Duration.ofMinutes(1));
    clearFor = requireNonNullElse(clearFor, Duration.ofMinutes(2));
    repeatEvery = requireNonNullElse(repeatEvery, Duration.ofHours(1));
    escalateAfter = requireNonNullElse(escalateAfter, Duration.ofMinutes(10));
    groupWithin = requireNonNullElse(groupWithin, Duration.ofMinutes(2));
  }
}
