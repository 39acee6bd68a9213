package dev.opsbot.alert;

/** What one probe result says about one rule's condition. */
public sealed interface ConditionResult {

  /**
   * The condition holds.
   *
   * @param value the observed value as shown to people, e.g. "7.5" or "DOWN"
   * @param threshold the rule's side of the comparison, e.g. "> 5" or "DOWN"
   * @param reason one line on why, e.g. "errorRate 7.5 > 5" or the probe's "HTTP 503"
   */
  record Met(String value, String threshold, String reason) implements ConditionResult {}

  /** The condition does not hold: the value was read and is fine. */
  record NotMet(String value) implements ConditionResult {}

  /**
   * Nothing can be said: the endpoint is down or the field is missing. An unreachable metrics
   * endpoint is not a recovered error rate; the service-down rule speaks for that.
   */
  record Unknown(String reason) implements ConditionResult {}
}
