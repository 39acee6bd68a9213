package dev.opsbot.config;

/**
 * When an alert rule holds for a service: either its health status is {@code status} (DOWN or
 * DEGRADED), or the field {@code field} read from its endpoint {@code endpoint} compares to a
 * threshold: {@code above}, {@code below} (numbers) or {@code equals} (a number, true/false or a
 * text). Exactly one form is given; the validator says so otherwise.
 */
public record AlertCondition(
    String status, String endpoint, String field, Double above, Double below, Object equals) {

  public boolean onStatus() {
    return status != null;
  }
}
