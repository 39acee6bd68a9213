package dev.opsbot.oncall;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.command.Outcome;
import java.time.Clock;
import java.time.Duration;

/** The audit rows of overrides, swaps and cancellations, and of their refusals, with why. */
final class OnCallAudit {
  private final AuditTrail trail;
  private final Clock clock;

  OnCallAudit(AuditTrail trail, Clock clock) {
    this.trail = trail;
    this.clock = clock;
  }

  /** One override stored: who takes the pager, when, and whom it replaces. */
  void override(Caller caller, AuditKind kind, Override override, String replaced) {
    write(
        caller,
        kind,
        override.schedule(),
        Outcome.OK,
        "override="
            + override.id()
            + " person="
            + override.person().id()
            + " from="
            + override.start()
            + " until="
            + override.end()
            + " replaces="
            + replaced);
  }

  void canceled(Caller caller, Override override) {
    write(
        caller,
        AuditKind.ONCALL_CANCEL,
        override.schedule(),
        Outcome.OK,
        "override="
            + override.id()
            + " person="
            + override.person().id()
            + " from="
            + override.start()
            + " until="
            + override.end());
  }

  void refused(Caller caller, AuditKind kind, String schedule, String why) {
    write(caller, kind, schedule == null ? "-" : schedule, Outcome.REFUSED, why);
  }

  private void write(
      Caller caller, AuditKind kind, String schedule, Outcome outcome, String detail) {
    trail.record(
        AuditEntry.of(clock.instant(), caller, kind, schedule, outcome, Duration.ZERO, detail));
  }
}
