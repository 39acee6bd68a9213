package dev.opsbot.rollback;

/**
 * A rollback request or click that opsbot will not carry out; the message says why and what to do.
 */
public final class RollbackRefused extends RuntimeException {
  private final boolean policy;

  private RollbackRefused(String message, boolean policy) {
    super(message);
    this.policy = policy;
  }

  /** Not allowed: the wrong person, a held lock, a deploy in progress. */
  public static RollbackRefused refused(String message) {
    return new RollbackRefused(message, true);
  }

  /** Not possible: no live deploy, no such deploy, an expired plan. */
  public static RollbackRefused impossible(String message) {
    return new RollbackRefused(message, false);
  }

  /** True for a refusal by policy (audited as refused), false for an impossible request. */
  public boolean policy() {
    return policy;
  }
}
