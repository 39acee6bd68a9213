package dev.opsbot.rollback;

import java.time.Instant;
import java.util.Locale;

/**
 * A proposed rollback of one service, from the deploy serving now to an earlier one, or a restart
 * of what serves now ({@link Action}), and where it stands: shown with Confirm/Cancel buttons,
 * confirmed at most once, then followed to an outcome.
 *
 * @param autoDeploy whether the provider will deploy the next push on its own (null: not known)
 * @param thread the outbox key of the message whose thread the plan reports in (an alert's when a
 *     runbook button made the plan); null when the plan starts a thread of its own
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
    String decidedBy,
    Action action,
    String thread) {

  public RollbackPlan {
    action = action == null ? Action.ROLLBACK : action;
  }

  /** What a confirmed plan does: roll back to {@code target}, or restart what runs now. */
  public enum Action {
    ROLLBACK("rollback", "Rollback", "rolled back"),
    RESTART("restart", "Restart", "restarted");

    private final String id;
    private final String title;
    private final String done;

    Action(String id, String title, String done) {
      this.id = id;
      this.title = title;
      this.done = done;
    }

    public String id() {
      return id;
    }

    /** "Rollback", "Restart": how a message names the plan. */
    public String title() {
      return title;
    }

    /** "rolled back", "restarted". */
    public String done() {
      return done;
    }

    public static Action of(String id) {
      return "restart".equals(id) ? RESTART : ROLLBACK;
    }
  }

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
