package dev.opsbot.config;

/**
 * When an alert rule holds for a service: either its health status is {@code status} (DOWN or
 * DEGRADED), or the field {@code field} read from its endpoint {@code endpoint} compares to a
 * threshold: {@code above}, {@code below} (numbers) or {@code equals} (a number, true/false or a
 * text); or, for a heartbeat monitor, {@code heartbeat: missed} (its job is late or reported a
 * failure). Exactly one form is given; the validator says so otherwise.
 */
public record AlertCondition(
    String status,
    String endpoint,
    String field,
    Double above,
    Double below,
    Object equals,
    String heartbeat) {

  public static final String MISSED = "missed";

  /** A condition on a service: its status, or a field of an endpoint. */
  public AlertCondition(
      String status, String endpoint, String field, Double above, Double below, Object equals) {
    this(status, endpoint, field, above, below, equals, null);
  }

  public boolean onStatus() {
    return status != null;
  }

  /** {@code heartbeat: missed}: read from heartbeat monitors, not services. */
  public boolean onHeartbeat() {
    return heartbeat != null;
  }
}
