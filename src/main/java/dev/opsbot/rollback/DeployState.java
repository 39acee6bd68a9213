package dev.opsbot.rollback;

/** A deploy's state, the same for every provider; the provider's own word is kept beside it. */
public enum DeployState {
  /** Serving traffic now. */
  LIVE,
  /** Served traffic and was replaced: a healthy build, a rollback target. */
  SUPERSEDED,
  /**
   * Built and healthy, but the provider will not roll back to it (Vercel: not a rollback
   * candidate); the provider's status says why.
   */
  NOT_A_TARGET,
  /** Queued, building or starting. */
  IN_PROGRESS,
  /** Failed to build or to start. */
  FAILED,
  /** Canceled before it went live. */
  CANCELED,
  /** Anything else the provider reports. */
  OTHER;

  /** True for deploys that once served traffic healthily. */
  public boolean wasLive() {
    return this == LIVE || this == SUPERSEDED;
  }
}
