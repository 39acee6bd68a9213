package dev.opsbot.alert;

/** One alert's identity: a rule as it applies to one service. */
public record AlertKey(String ruleId, String service) {
  @Override
  public String toString() {
    return ruleId + "@" + service;
  }
}
