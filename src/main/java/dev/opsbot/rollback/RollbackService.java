package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.RollbackSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Rolls services back: plans a rollback (live deploy, target, warnings), lets the requester or an
 * admin confirm it once within its window, takes the service's lock, asks the provider exactly
 * once, follows the provider's deploy, probes the service until healthy, and reports and audits
 * every step. The steps are told apart here; who may take them is {@link RollbackPolicy}, a plan's
 * state {@link RollbackPlans}, the provider {@link RollbackProviders}, following a rollback {@link
 * RollbackFollower}, the audit rows {@link RollbackAudit} and every word {@link RollbackMessages}.
 */
public final class RollbackService implements AutoCloseable {
  /** Deploys shown by {@code /rollback <service> list}. */
  public static final int LISTED = 10;

  /** Deploys searched for the live one and a target. */
  static final int SEARCHED = 60;

  /** Deploys read again at confirmation, to see whether anything changed. */
  private static final int RECHECKED = 20;

  private final RollbackSettings settings;
  private final RollbackProviders providers;
  private final RollbackPlans plans;
  private final RollbackPolicy policy;
  private final RollbackAudit audit;
  private final RollbackReporter reporter;
  private final RollbackFollower follower;
  private final Clock clock;

  public RollbackService(
      RollbackSettings settings,
      List<DeployProvider> providers,
      RollbackLedger ledger,
      HealthCheck health,
      RollbackReporter reporter,
      AuditTrail audit,
      Predicate<Caller> admin,
      Clock clock,
      Pause pause) {
    this.settings = settings;
    this.providers = new RollbackProviders(settings, providers);
    this.audit = new RollbackAudit(audit, clock);
    this.plans = new RollbackPlans(ledger, settings, this.audit, clock);
    this.policy = new RollbackPolicy(admin, settings.requireApproval(), this.audit);
    this.reporter = reporter;
    this.follower =
        new RollbackFollower(settings, ledger, health, reporter, this.audit, clock, pause);
    this.clock = clock;
  }

  public RollbackSettings settings() {
    return settings;
  }

  /** The services that can be rolled back, as configured. */
  public List<String> services() {
    return List.copyOf(settings.services().keySet());
  }

  /** The last ten deploys of a service, newest first. */
  public Message list(String service) {
    RollbackProviders.Target target = providers.target(service);
    List<Deploy> deploys = target.survey(LISTED).recent();
    return RollbackMessages.list(service, target.provider().title(), deploys, clock.instant());
  }

  /**
   * Plans a rollback of {@code service} to {@code deployId}, or to the most recent earlier deploy
   * that was live when {@code deployId} is null, and stores the plan awaiting confirmation.
   */
  public RollbackPlan plan(String service, String deployId, Caller caller, boolean force) {
    return plan(service, deployId, caller, force, null);
  }

  /**
   * A rollback plan that reports in the thread of the outbox message {@code thread} (an alert's,
   * for a runbook button), or in a thread of its own when null.
   */
  public RollbackPlan plan(
      String service, String deployId, Caller caller, boolean force, String thread) {
    RollbackProviders.Target target = providers.target(service);
    Instant now = clock.instant();
    if (force) {
      policy.checkForce(caller);
    }
    plans.checkUnlocked(service, now);
    RollbackProviders.Survey survey = target.survey(SEARCHED);
    List<Deploy> recent = survey.recent();
    int liveIndex = survey.liveIndex();
    if (liveIndex < 0) {
      throw RollbackRefusals.noLiveDeploy(target.provider().title(), service, recent.size());
    }
    Deploy live = recent.get(liveIndex);
    Optional<Deploy> inProgress = survey.inProgress();
    if (inProgress.isPresent() && !force) {
      throw RollbackRefusals.deployInProgress(service, inProgress.get(), deployId, now);
    }
    Deploy chosen =
        deployId == null
            ? RollbackTargets.previous(service, recent, liveIndex)
            : RollbackTargets.chosen(service, deployId, recent, live);
    RollbackPlan plan =
        plans.create(
            service,
            target.provider(),
            target.id(),
            live,
            chosen,
            caller,
            now,
            force && inProgress.isPresent(),
            providers.autoDeploy(target),
            RollbackPlan.Action.ROLLBACK,
            thread);
    audit.requested(caller, plan);
    return plan;
  }

  /**
   * Plans a restart of what serves {@code service} now (Render: a restart; Vercel: a redeploy of
   * the production deployment), guarded like a rollback: the same lock, confirmation and audit.
   */
  public RollbackPlan restart(String service, Caller caller, String thread) {
    RollbackProviders.Target target = providers.target(service);
    Instant now = clock.instant();
    plans.checkUnlocked(service, now);
    RollbackProviders.Survey survey = target.survey(RECHECKED);
    Deploy live =
        survey
            .live()
            .orElseThrow(() ->
                RollbackRefusals.noLiveDeploy(
                    target.provider().title(), service, survey.recent().size()));
    Optional<Deploy> inProgress = survey.inProgress();
    if (inProgress.isPresent()) {
      throw RollbackRefusals.deployInProgressRestart(service, inProgress.get(), now);
    }
    RollbackPlan plan =
        plans.create(
            service,
            target.provider(),
            target.id(),
            live,
            live,
            caller,
            now,
            false,
            null,
            RollbackPlan.Action.RESTART,
            thread);
    audit.requested(caller, plan);
    return plan;
  }

  /** The plan as chat shows it, with its buttons. */
  public Message planMessage(RollbackPlan plan) {
    return RollbackMessages.plan(
        plan, providers.of(plan).title(), policy.requiresApproval(), clock.instant());
  }

  /** A second on-call member's approval (four-eyes). */
  public Message approve(long planId, Caller caller) {
    RollbackPlan plan = plans.pending(planId);
    if (!policy.requiresApproval()) {
      return RollbackMessages.noApprovalNeeded(plan);
    }
    policy.checkApprover(plan, caller);
    plans.approve(plan, RollbackMessages.who(caller));
    audit.approved(caller, plan);
    // The plan again, now without Approve: its Confirm button must stay within reach.
    return planMessage(plans.find(planId));
  }

  /** Cancels a pending plan: its requester or an admin. */
  public Message cancel(long planId, Caller caller) {
    RollbackPlan plan = plans.find(planId);
    policy.checkMayCancel(plan, caller);
    plans.cancel(plan, RollbackMessages.who(caller));
    audit.canceled(caller, plan);
    return RollbackMessages.canceled(plan, RollbackMessages.who(caller));
  }

  /**
   * Confirms a plan: once, within its window, by its requester or an admin, with the service's lock
   * free. Starts the rollback and returns at once; the outcome is reported in the thread.
   */
  public Message confirm(long planId, Caller caller) {
    RollbackPlan plan = plans.find(planId);
    policy.checkMayConfirm(plan, caller);
    policy.checkApproved(plan, caller);
    if (plan.state() == RollbackPlan.State.PENDING && !plan.expiredAt(clock.instant())) {
      recheck(plan, caller);
    }
    Instant now = clock.instant();
    plans.start(plan, caller, now);
    DeployProvider provider = providers.of(plan);
    RollbackStarted triggered;
    try {
      triggered =
          plan.action() == RollbackPlan.Action.RESTART
              ? provider.restart(plan.providerId(), plan.current())
              : providers.rollback(plan, provider);
    } catch (ProviderException e) {
      String outcome =
          RollbackProviders.refusedOutright(e)
              ? RollbackMessages.didNotStart(plan, e.getMessage())
              : RollbackMessages.mayHaveStarted(plan, e.getMessage(), provider.title());
      plans.failed(plan, outcome);
      audit.outcome(caller, plan, Outcome.ERROR, outcome);
      throw RollbackRefused.impossible(outcome);
    }
    plans.triggered(plan, triggered.deployId());
    audit.confirmed(caller, plan, triggered.deployId());
    String by = RollbackMessages.who(caller);
    reporter.start(plan, RollbackMessages.started(plan, provider.title(), by, now));
    follower.start(plan, provider, triggered, now, caller);
    return RollbackMessages.confirmed(plan, provider.title(), by, now);
  }

  /**
   * The plan was made up to five minutes ago: refuses when the live deploy changed since, or a
   * deploy started that the plan was not forced past.
   */
  private void recheck(RollbackPlan plan, Caller caller) {
    RollbackProviders.Survey survey = providers.survey(plan, RECHECKED);
    Optional<Deploy> live = survey.live();
    if (live.isPresent() && !live.get().id().equals(plan.current().id())) {
      audit.refused(caller, AuditKind.ROLLBACK_CONFIRM, plan, "live deploy changed");
      throw RollbackRefusals.liveChanged(plan, live.get());
    }
    Optional<Deploy> busy = survey.inProgress();
    if (busy.isPresent() && !plan.forced()) {
      audit.refused(caller, AuditKind.ROLLBACK_CONFIRM, plan, "deploy in progress");
      throw RollbackRefusals.deployStarted(plan, busy.get());
    }
  }

  /** Turns off a service's auto-deploy (Render), so the next push does not undo the rollback. */
  public Message disableAutoDeploy(String service, Caller caller) {
    RollbackProviders.Target target = providers.target(service);
    DeployProvider provider = target.provider();
    if (provider.autoDeploy(target.id()).isEmpty()) {
      return RollbackMessages.noAutoDeploySwitch(provider.title(), service);
    }
    provider.disableAutoDeploy(target.id());
    audit.autoDeployOff(caller, service, provider.title() + " " + target.id());
    return RollbackMessages.autoDeployOff(service, RollbackMessages.who(caller), provider.title());
  }

  /** The outcome of a rollback confirmed by this replica; empty for others' and unknown plans. */
  public Optional<CompletableFuture<RollbackPlan.State>> running(long planId) {
    return follower.running(planId);
  }

  @Override
  public void close() {
    follower.close();
  }
}
