package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditKind;
import java.util.function.Predicate;

/**
 * Who may do what with a rollback: admins force past a deploy in progress; a plan's requester or an
 * admin confirms or cancels it; under four-eyes a second person approves it first. Each check
 * refuses with the reason, and audits the refusals that concern a plan.
 */
final class RollbackPolicy {
  private final Predicate<Caller> admin;
  private final boolean requireApproval;
  private final RollbackAudit audit;

  RollbackPolicy(Predicate<Caller> admin, boolean requireApproval, RollbackAudit audit) {
    this.admin = admin;
    this.requireApproval = requireApproval;
    this.audit = audit;
  }

  /** Whether a second on-call member must approve every plan (four-eyes). */
  boolean requiresApproval() {
    return requireApproval;
  }

  /** Only an admin may plan past a deploy in progress. */
  void checkForce(Caller caller) {
    if (!admin.test(caller)) {
      throw RollbackRefusals.forceNeedsAdmin();
    }
  }

  /** Only the plan's requester or an admin may confirm it. */
  void checkMayConfirm(RollbackPlan plan, Caller caller) {
    checkDecider(plan, caller, "confirm", AuditKind.ROLLBACK_CONFIRM);
  }

  /** Only the plan's requester or an admin may cancel it. */
  void checkMayCancel(RollbackPlan plan, Caller caller) {
    checkDecider(plan, caller, "cancel", AuditKind.ROLLBACK_CANCEL);
  }

  /** Four-eyes: the requester may not approve their own plan. */
  void checkApprover(RollbackPlan plan, Caller caller) {
    if (isRequester(plan, caller)) {
      audit.refused(caller, AuditKind.ROLLBACK_APPROVE, plan, "own plan");
      throw RollbackRefusals.ownPlan(plan);
    }
  }

  /** Four-eyes: a pending plan is confirmed only once someone approved it. */
  void checkApproved(RollbackPlan plan, Caller caller) {
    if (requireApproval
        && plan.approvedBy() == null
        && plan.state() == RollbackPlan.State.PENDING) {
      audit.refused(caller, AuditKind.ROLLBACK_CONFIRM, plan, "not approved");
      throw RollbackRefusals.needsApproval(plan);
    }
  }

  private void checkDecider(RollbackPlan plan, Caller caller, String verb, AuditKind step) {
    if (!isRequester(plan, caller) && !admin.test(caller)) {
      audit.refused(caller, step, plan, "not the requester");
      throw RollbackRefusals.notYours(plan, verb);
    }
  }

  private static boolean isRequester(RollbackPlan plan, Caller caller) {
    return caller.userId().equals(plan.requester().userId());
  }
}
