package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.command.Outcome;
import java.time.Clock;
import java.time.Duration;

/**
 * The audit rows of rollbacks and restarts: request, approval, confirmation or cancellation,
 * refusal, outcome.
 */
final class RollbackAudit {
  private final AuditTrail trail;
  private final Clock clock;

  RollbackAudit(AuditTrail trail, Clock clock) {
    this.trail = trail;
    this.clock = clock;
  }

  void requested(Caller caller, RollbackPlan plan) {
    String change =
        plan.action() == RollbackPlan.Action.RESTART
            ? "restart " + plan.current().id()
            : plan.current().id() + " -> " + plan.target().id();
    onPlan(caller, AuditKind.ROLLBACK_REQUEST, Outcome.OK, plan, change);
  }

  void approved(Caller caller, RollbackPlan plan) {
    onPlan(caller, AuditKind.ROLLBACK_APPROVE, Outcome.OK, plan, null);
  }

  void canceled(Caller caller, RollbackPlan plan) {
    onPlan(caller, AuditKind.ROLLBACK_CANCEL, Outcome.OK, plan, null);
  }

  void confirmed(Caller caller, RollbackPlan plan, String newDeploy) {
    onPlan(caller, AuditKind.ROLLBACK_CONFIRM, Outcome.OK, plan, "deploy " + newDeploy);
  }

  /** How a confirmed rollback ended: written once per plan, and what the digest counts. */
  void outcome(Caller caller, RollbackPlan plan, Outcome outcome, String detail) {
    onPlan(caller, AuditKind.ROLLBACK_OUTCOME, outcome, plan, detail);
  }

  /** A refused step on a plan (approve, confirm, cancel), with why. */
  void refused(Caller caller, AuditKind step, RollbackPlan plan, String why) {
    onPlan(caller, step, Outcome.REFUSED, plan, why);
  }

  /** Auto-deploy of a service turned off: a row about a service rather than a plan. */
  void autoDeployOff(Caller caller, String service, String detail) {
    write(caller, AuditKind.ROLLBACK_AUTODEPLOY_OFF, service, Outcome.OK, detail);
  }

  private void onPlan(
      Caller caller, AuditKind step, Outcome outcome, RollbackPlan plan, String detail) {
    String planDetail = "plan=" + plan.id() + (detail == null ? "" : " " + detail);
    write(caller, kind(step, plan.action()), plan.service(), outcome, planDetail);
  }

  /** A restart's steps are rows of their own kinds: the digest counts rollbacks by kind. */
  private static AuditKind kind(AuditKind step, RollbackPlan.Action action) {
    if (action != RollbackPlan.Action.RESTART) {
      return step;
    }
    return switch (step) {
      case ROLLBACK_REQUEST -> AuditKind.RESTART_REQUEST;
      case ROLLBACK_APPROVE -> AuditKind.RESTART_APPROVE;
      case ROLLBACK_CANCEL -> AuditKind.RESTART_CANCEL;
      case ROLLBACK_CONFIRM -> AuditKind.RESTART_CONFIRM;
      case ROLLBACK_OUTCOME -> AuditKind.RESTART_OUTCOME;
      default -> step;
    };
  }

  private void write(
      Caller caller, AuditKind kind, String service, Outcome outcome, String detail) {
    trail.record(
        AuditEntry.of(clock.instant(), caller, kind, service, outcome, Duration.ZERO, detail));
  }
}
