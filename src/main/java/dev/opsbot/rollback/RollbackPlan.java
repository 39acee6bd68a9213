package dev.opsbot.rollback;

import java.time.Instant;
import java.util.Locale;

/**
 * A proposed rollback of one service, from the deploy serving now to an earlier one, and where it
 * stands: shown with Confirm/Cancel buttons, confirmed at most once, then followed to an outcome.
 *
 * @param autoDeploy whether the provider will deploy the next push on its own (null: not known)
 */
public record RollbackPlan(
    long id,
    String service,
    String provider,
    String providerId,
    Deploy current,
    Deploy target,
    Requester requester,
    Instant requestedAt,
    Instant expiresAt,
    boolean forced,
    Boolean autoDeploy,
    State state,
    String approvedBy,
    String decidedBy) {

  /** Who asked for the plan, and where the answer goes. */
  public record Requester(String platform, String userId, String userName, String channel) {
    public String display() {
      return userName == null || userName.isBlank() ? userId : userName;
    }
  }

  /** The life of a plan. */
  public enum State {
    PENDING,
    RUNNING,
    SUCCEEDED,
    UNVERIFIED,
    FAILED,
    CANCELED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
