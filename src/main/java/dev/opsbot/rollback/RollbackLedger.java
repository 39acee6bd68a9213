package dev.opsbot.rollback;

import java.time.Instant;
import java.util.Optional;

/**
 * Where plans and the per-service locks live: the state database, so every replica sees the same
 * plans and no two replicas roll the same service back at once.
 */
public interface RollbackLedger {
  /** Stores a new pending plan and returns it with its number. */
  RollbackPlan create(RollbackPlan plan);

  Optional<RollbackPlan> find(long id);

  /** Records a second person's approval of a pending plan; false when it is no longer pending. */
  boolean approve(long id, String approver);

  /** Cancels a pending plan; false when it is no longer pending. */
  boolean cancel(long id, String by, Instant at);

  /**
   * Confirms a pending, unexpired plan and takes the service's lock until {@code lockUntil}, both
   * or neither.
   */
  Start start(long id, String by, Instant now, Instant lockUntil);

  /** Who holds the lock of a service now, if anyone. */
  Optional<Lock> lock(String service, Instant now);

  /** Notes the provider's deploy for a running plan. */
  void triggered(long id, String newDeploy);

  /**
   * Ends a running plan with its outcome and frees the service's lock; false when it had ended
   * already (its outcome stands).
   */
  boolean finish(long id, RollbackPlan.State state, String outcome, Instant at);

  /** A service's lock: the plan that holds it, who confirmed it, since when, for what. */
  record Lock(
      String service, long planId, String holder, Instant since, RollbackPlan.Action action) {}

  /** What confirming a plan came to. */
  sealed interface Start {
    /** Confirmed and locked: go ahead. */
    record Started() implements Start {}

    /** Someone else's rollback of the service holds the lock. */
    record Locked(Lock lock) implements Start {}

    /** Not pending any more: confirmed, canceled, or finished already. */
    record NotPending(RollbackPlan.State state, String decidedBy) implements Start {}

    /** The confirmation window closed. */
    record Expired() implements Start {}

    /** No such plan. */
    record Unknown() implements Start {}
  }
}
