package dev.opsbot.rollback;

import dev.opsbot.chat.HumanTime;
import dev.opsbot.config.RollbackSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * The wording of every /rollback refusal: what is not allowed (policy) or not possible, and what to
 * do instead. The other wording of /rollback is {@link RollbackMessages}.
 */
final class RollbackRefusals {
  private RollbackRefusals() {}

  // --- Not allowed ---------------------------------------------------------------------------

  static RollbackRefused forceNeedsAdmin() {
    return RollbackRefused.refused(
        "Only an admin may force a rollback past a deploy in progress; ask one, or wait for the"
            + " deploy to finish.");
  }

  static RollbackRefused notYours(RollbackPlan plan, String verb) {
    return RollbackRefused.refused(
        "Only %s (who asked for %s #%d) or an admin may %s it."
            .formatted(plan.requester().display(), plan.action().id(), plan.id(), verb));
  }

  static RollbackRefused ownPlan(RollbackPlan plan) {
    return RollbackRefused.refused(
        "You asked for "
            + plan.action().id()
            + " #"
            + plan.id()
            + ": a second on-call member must approve it.");
  }

  static RollbackRefused needsApproval(RollbackPlan plan) {
    return RollbackRefused.refused(
        ("%s #%d needs a second on-call member's approval first (the Approve button, or"
                + " /%s approve %d).")
            .formatted(plan.action().title(), plan.id(), plan.action().id(), plan.id()));
  }

  static RollbackRefused locked(RollbackLedger.Lock lock, Instant now) {
    String doing = lock.action() == RollbackPlan.Action.RESTART ? "restarted" : "rolled back";
    return RollbackRefused.refused(
        ("%s is being %s already by %s (plan #%d, since %s): wait for its outcome in"
                + " its thread.")
            .formatted(
                lock.service(),
                doing,
                lock.holder(),
                lock.planId(),
                HumanTime.age(lock.since(), now)));
  }

  static RollbackRefused deployInProgressRestart(String service, Deploy busy, Instant now) {
    return RollbackRefused.refused(
        ("A deploy of %s is in progress (%s, %s): it restarts the service when it goes live; a"
                + " restart now would race it. Wait for it to finish.")
            .formatted(service, busy.id(), HumanTime.age(busy.createdAt(), now)));
  }

  static RollbackRefused deployInProgress(
      String service, Deploy busy, String deployId, Instant now) {
    return RollbackRefused.refused(
        ("A deploy of %s is in progress (%s, %s%s): a rollback now would race it. Wait for it to"
                + " finish, or an admin can force it: /rollback %s%s --force")
            .formatted(
                service,
                busy.id(),
                busy.providerStatus(),
                busy.createdAt() == null ? "" : ", started " + HumanTime.age(busy.createdAt(), now),
                service,
                deployId == null ? "" : " " + deployId));
  }

  /** At confirmation: a deploy started after the plan was made, and the plan is not forced. */
  static RollbackRefused deployStarted(RollbackPlan plan, Deploy busy) {
    return RollbackRefused.refused(
        ("A deploy of %s started since plan #%d (%s, %s): nothing was rolled back. Wait for it,"
                + " or an admin can force a new plan: /rollback %s --force")
            .formatted(
                plan.service(), plan.id(), busy.id(), busy.providerStatus(), plan.service()));
  }

  // --- Not possible --------------------------------------------------------------------------

  static RollbackRefused unknownService(String service, Collection<String> known) {
    return RollbackRefused.impossible(
        "opsbot does not know where "
            + service
            + " is deployed: add it under rollback.services (provider and id) in the configuration."
            + (known.isEmpty() ? "" : " Rollback-ready: " + String.join(", ", known) + "."));
  }

  static RollbackRefused providerOff(String provider) {
    String variable = RollbackSettings.tokenVariable(provider);
    return RollbackRefused.impossible(
        "Rollback through %s is off: %s is not set. Set it (or %s_FILE) and restart opsbot."
            .formatted(provider, variable, variable));
  }

  /** The provider of a plan made earlier was turned off since. */
  static RollbackRefused providerOffNow(String provider) {
    return RollbackRefused.impossible(
        "Rollback through %s is off now: %s is not set."
            .formatted(provider, RollbackSettings.tokenVariable(provider)));
  }

  static RollbackRefused noLiveDeploy(String providerTitle, String service, int searched) {
    return RollbackRefused.impossible(
        ("%s lists no live deploy of %s among its last %d: nothing to roll back from. /rollback"
                + " %s list shows them.")
            .formatted(providerTitle, service, searched, service));
  }

  static RollbackRefused nothingToRollBackTo(String service, int searched, long notTargets) {
    return RollbackRefused.impossible(
        ("No deploy of %s before the live one was live and healthy (searched the last %d%s): there"
                + " is nothing to roll back to. /rollback %s list shows them.")
            .formatted(
                service,
                searched,
                notTargets == 0
                    ? ""
                    : "; the platform will not roll back to "
                        + notTargets
                        + (notTargets == 1 ? " earlier deploy" : " earlier deploys"),
                service));
  }

  static RollbackRefused notATarget(String service, Deploy deploy) {
    return RollbackRefused.impossible(
        ("%s cannot be rolled back to (%s): Vercel rolls back only to deployments that served"
                + " production traffic, and on Hobby plans only to the previous one. Pick another"
                + " (/rollback %s list).")
            .formatted(deploy.id(), deploy.providerStatus(), service));
  }

  static RollbackRefused noSuchDeploy(String service, String deployId, int searched) {
    return RollbackRefused.impossible(
        "No deploy %s among the last %d deploys of %s: /rollback %s list shows the latest ones."
            .formatted(deployId, searched, service, service));
  }

  static RollbackRefused liveAlready(String service, Deploy deploy) {
    return RollbackRefused.impossible(
        "%s is the deploy %s runs now: pick an earlier one (/rollback %s list)."
            .formatted(deploy.id(), service, service));
  }

  static RollbackRefused neverLive(String service, Deploy deploy) {
    return RollbackRefused.impossible(
        ("%s never went live (%s): roll back only to a deploy that served traffic (/rollback %s"
                + " list).")
            .formatted(deploy.id(), deploy.providerStatus(), service));
  }

  static RollbackRefused unknownPlan(long planId) {
    return RollbackRefused.impossible(
        "There is no rollback plan #" + planId + ": /rollback <service> makes one.");
  }

  static RollbackRefused notPending(long planId, RollbackPlan.State state) {
    return RollbackRefused.impossible("Rollback #" + planId + " is " + state.id() + " already.");
  }

  /** Approving a plan whose window closed. */
  static RollbackRefused expiredAskAgain(RollbackPlan plan) {
    return RollbackRefused.impossible(
        "%s #%d expired at %s: ask again with /%s %s."
            .formatted(
                plan.action().title(),
                plan.id(),
                seconds(plan.expiresAt()),
                plan.action().id(),
                plan.service()));
  }

  static RollbackRefused notAwaitingApproval(long planId) {
    return RollbackRefused.impossible("Rollback #" + planId + " is no longer awaiting approval.");
  }

  static RollbackRefused nothingToCancel(long planId, RollbackPlan.State state) {
    return RollbackRefused.impossible(
        "Rollback #" + planId + " is " + state.id() + " already; there is nothing to cancel.");
  }

  /** Confirming a plan whose window closed. */
  static RollbackRefused expired(RollbackPlan plan, Duration validFor) {
    return RollbackRefused.impossible(
        ("%s #%d expired at %s (plans are valid for %s): nothing was %s. Ask again with /%s %s.")
            .formatted(
                plan.action().title(),
                plan.id(),
                seconds(plan.expiresAt()),
                HumanTime.span(validFor),
                plan.action().done(),
                plan.action().id(),
                plan.service()));
  }

  /** Confirming a plan that was confirmed or canceled already: a double click. */
  static RollbackRefused decidedAlready(
      RollbackPlan plan, RollbackPlan.State state, String decidedBy) {
    return RollbackRefused.impossible(
        "%s #%d was %s already%s and is %s: it runs once, nothing more was started."
            .formatted(
                plan.action().title(),
                plan.id(),
                state == RollbackPlan.State.CANCELED ? "canceled" : "confirmed",
                decidedBy == null ? "" : " by " + decidedBy,
                state.id()));
  }

  /** At confirmation: another deploy went live after the plan was made. */
  static RollbackRefused liveChanged(RollbackPlan plan, Deploy live) {
    return RollbackRefused.impossible(
        ("The live deploy of %s changed since plan #%d (now %s): nothing was rolled back. Ask"
                + " again with /rollback %s.")
            .formatted(plan.service(), plan.id(), live.id(), plan.service()));
  }

  static Instant seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }
}
