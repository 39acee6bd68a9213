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

  void record(Caller caller, String action, Outcome outcome, RollbackPlan plan, String detail) {
    write(caller, action, outcome, "plan=" + plan.id() + (detail == null ? "" : " " + detail));
  }

  /** A refused step on a plan: "rollback VERB SERVICE", REFUSED, with why. */
  void refused(Caller caller, String verb, RollbackPlan plan, String why) {
    record(caller, "rollback " + verb + " " + plan.service(), Outcome.REFUSED, plan, why);
  }

  /** A row about a service rather than a plan (turning auto-deploy off). */
  void record(Caller caller, String action, String detail) {
    write(caller, action, Outcome.OK, detail);
  }

  private void write(Caller caller, String action, Outcome outcome, String detail) {
    trail.record(AuditEntry.of(clock.instant(), caller, action, outcome, Duration.ZERO, detail));
  }
}
