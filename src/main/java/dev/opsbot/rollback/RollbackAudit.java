package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.command.Outcome;
import java.time.Clock;
import java.time.Duration;

/**
 * The audit rows of rollbacks: request, approval, confirmation or cancellation, refusal, outcome.
 */
final class RollbackAudit {
  private final AuditTrail trail;
  private final Clock clock;

  RollbackAudit(AuditTrail trail, Clock clock) {
    this.trail = trail;
    this.clock = clock;
  }

  void requested(Caller caller, RollbackPlan plan) {
    String change = plan.current().id() + " -> " + plan.target().id();
    onPlan(caller, "request", Outcome.OK, plan, change);
  }

  void approved(Caller caller, RollbackPlan plan) {
    onPlan(caller, "approve", Outcome.OK, plan, null);
  }

  void canceled(Caller caller, RollbackPlan plan) {
    onPlan(caller, "cancel", Outcome.OK, plan, null);
  }

  void confirmed(Caller caller, RollbackPlan plan, String newDeploy) {
    onPlan(caller, "confirm", Outcome.OK, plan, "deploy " + newDeploy);
  }

  /** How a confirmed rollback ended: written once per plan, and what the digest counts. */
  void outcome(Caller caller, RollbackPlan plan, Outcome outcome, String detail) {
    onPlan(caller, "outcome", outcome, plan, detail);
  }

  /** A refused step on a plan ({@code verb}: approve, confirm, cancel), with why. */
  void refused(Caller caller, String verb, RollbackPlan plan, String why) {
    onPlan(caller, verb, Outcome.REFUSED, plan, why);
  }

  /** Auto-deploy of a service turned off: a row about a service rather than a plan. */
  void autoDeployOff(Caller caller, String service, String detail) {
    write(caller, "rollback autodeploy-off " + service, Outcome.OK, detail);
  }

  private void onPlan(
      Caller caller, String step, Outcome outcome, RollbackPlan plan, String detail) {
    write(
        caller,
        "rollback " + step + " " + plan.service(),
        outcome,
        "plan=" + plan.id() + (detail == null ? "" : " " + detail));
  }

  private void write(Caller caller, String action, Outcome outcome, String detail) {
    trail.record(AuditEntry.of(clock.instant(), caller, action, outcome, Duration.ZERO, detail));
  }
}
