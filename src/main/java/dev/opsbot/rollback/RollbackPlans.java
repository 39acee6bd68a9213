package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.config.RollbackSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The life of a plan in the ledger: made pending, approved, canceled, or confirmed once with the
 * service's lock, then finished. A move the ledger will not make (the plan moved on, expired, or
 * the service is locked) becomes a refusal that says why.
 */
final class RollbackPlans {
  /** Beyond the deploy and health timeouts, how long a running rollback holds its lock. */
  private static final Duration LOCK_MARGIN = Duration.ofMinutes(5);

  private final RollbackLedger ledger;
  private final RollbackSettings settings;
  private final RollbackAudit audit;
  private final Clock clock;

  RollbackPlans(
      RollbackLedger ledger, RollbackSettings settings, RollbackAudit audit, Clock clock) {
    this.ledger = ledger;
    this.settings = settings;
    this.audit = audit;
    this.clock = clock;
  }

  RollbackPlan find(long planId) {
    return ledger.find(planId).orElseThrow(() -> unknown(planId));
  }

  /** A plan still awaiting its decision: pending, and within its window. */
  RollbackPlan pending(long planId) {
    RollbackPlan plan = find(planId);
    if (plan.state() != RollbackPlan.State.PENDING) {
      throw RollbackRefusals.notPending(planId, plan.state());
    }
    if (plan.expiredAt(clock.instant())) {
      throw RollbackRefusals.expiredAskAgain(plan);
    }
    return plan;
  }

  /** Refuses to plan a rollback or restart of a service that another plan's lock holds. */
  void checkUnlocked(String service, Instant now) {
    Optional<RollbackLedger.Lock> held = ledger.lock(service, now);
    if (held.isPresent()) {
      throw RollbackRefusals.locked(held.get(), now);
    }
  }

  /** Stores a pending plan, valid for the configured window from {@code now}. */
  RollbackPlan create(
      String service,
      DeployProvider provider,
      String providerId,
      Deploy live,
      Deploy target,
      Caller caller,
      Instant now,
      boolean forced,
      Boolean autoDeploy,
      RollbackPlan.Action action,
      String thread) {
    return ledger.create(
        new RollbackPlan(
            0,
            service,
            provider.name(),
            providerId,
            live,
            target,
            new RollbackPlan.Requester(
                caller.platform(), caller.userId(), caller.userName(), caller.channelId()),
            now,
            now.plus(settings.confirmWithin()),
            forced,
            autoDeploy,
            RollbackPlan.State.PENDING,
            null,
            null,
            action,
            thread));
  }

  void approve(RollbackPlan plan, String by) {
    if (!ledger.approve(plan.id(), by)) {
      throw RollbackRefusals.notAwaitingApproval(plan.id());
    }
  }

  void cancel(RollbackPlan plan, String by) {
    if (!ledger.cancel(plan.id(), by, clock.instant())) {
      RollbackPlan now = find(plan.id());
      throw RollbackRefusals.nothingToCancel(plan.id(), now.state());
    }
  }

  /**
   * Confirms the plan and takes its service's lock for as long as following it can take; refuses
   * (audited) an expired plan, a second confirmation, and a service locked by another plan.
   */
  void start(RollbackPlan plan, Caller caller, Instant now) {
    Instant lockUntil =
        now.plus(settings.deployTimeout()).plus(settings.healthTimeout()).plus(LOCK_MARGIN);
    RollbackLedger.Start start =
        ledger.start(plan.id(), RollbackMessages.who(caller), now, lockUntil);
    switch (start) {
      case RollbackLedger.Start.Unknown unknown -> throw unknown(plan.id());
      case RollbackLedger.Start.Expired expired -> {
        audit.refused(caller, AuditKind.ROLLBACK_CONFIRM, plan, "expired");
        throw RollbackRefusals.expired(plan, settings.confirmWithin());
      }
      case RollbackLedger.Start.NotPending notPending -> {
        audit.refused(
            caller, AuditKind.ROLLBACK_CONFIRM, plan, "already " + notPending.state().id());
        throw RollbackRefusals.decidedAlready(plan, notPending.state(), notPending.decidedBy());
      }
      case RollbackLedger.Start.Locked locked -> {
        audit.refused(
            caller, AuditKind.ROLLBACK_CONFIRM, plan, "locked by plan " + locked.lock().planId());
        throw RollbackRefusals.locked(locked.lock(), now);
      }
      case RollbackLedger.Start.Started started -> {
        // Confirmed and locked.
      }
    }
  }

  /** Notes the provider's deploy for the running plan. */
  void triggered(RollbackPlan plan, String newDeploy) {
    ledger.triggered(plan.id(), newDeploy);
  }

  /** Ends a plan the provider never took: failed, with why. */
  void failed(RollbackPlan plan, String outcome) {
    ledger.finish(plan.id(), RollbackPlan.State.FAILED, outcome, clock.instant());
  }

  private static RollbackRefused unknown(long planId) {
    return RollbackRefusals.unknownPlan(planId);
  }
}
