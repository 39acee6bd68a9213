package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.RollbackSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls services back: plans a rollback (live deploy, target, warnings), lets the requester or an
 * admin confirm it once within its window, takes the service's lock, asks the provider exactly
 * once, follows the provider's deploy, probes the service until healthy, and reports and audits
 * every step.
 */
public final class RollbackService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RollbackService.class);

  /** Deploys shown by {@code /rollback <service> list}. */
  public static final int LISTED = 10;

  /** Deploys searched for the live one and a target. */
  static final int SEARCHED = 60;

  /** Deploys read again at confirmation, to see whether anything changed. */
  private static final int RECHECKED = 20;

  private static final Duration LOCK_MARGIN = Duration.ofMinutes(5);

  private final RollbackSettings settings;
  private final Map<String, DeployProvider> providers;
  private final RollbackLedger ledger;
  private final RollbackReporter reporter;
  private final RollbackAudit audit;
  private final RollbackFollower follower;
  private final Predicate<Caller> admin;
  private final Clock clock;
  private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Long, CompletableFuture<RollbackPlan.State>> running =
      new ConcurrentHashMap<>();

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
    this.providers = new ConcurrentHashMap<>();
    providers.forEach(p -> this.providers.put(p.name(), p));
    this.ledger = ledger;
    this.reporter = reporter;
    this.audit = new RollbackAudit(audit, clock);
    this.follower =
        new RollbackFollower(settings, ledger, health, reporter, this.audit, clock, pause);
    this.admin = admin;
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
    Target target = target(service);
    List<Deploy> deploys = target.provider().recentDeploys(target.id(), LISTED);
    return RollbackMessages.list(service, target.provider().title(), deploys, clock.instant());
  }

  /**
   * Plans a rollback of {@code service} to {@code deployId}, or to the most recent earlier deploy
   * that was live when {@code deployId} is null, and stores the plan awaiting confirmation.
   */
  public RollbackPlan plan(String service, String deployId, Caller caller, boolean force) {
    Target target = target(service);
    Instant now = clock.instant();
    if (force && !admin.test(caller)) {
      throw RollbackRefused.refused(
          "Only an admin may force a rollback past a deploy in progress; ask one, or wait for"
              + " the deploy to finish.");
    }
    Optional<RollbackLedger.Lock> held = ledger.lock(service, now);
    if (held.isPresent()) {
      throw RollbackRefused.refused(lockedMessage(held.get(), now));
    }
    DeployProvider provider = target.provider();
    List<Deploy> recent = provider.recentDeploys(target.id(), SEARCHED);
    int liveIndex = -1;
    for (int i = 0; i < recent.size(); i++) {
      if (recent.get(i).state() == DeployState.LIVE) {
        liveIndex = i;
        break;
      }
    }
    if (liveIndex < 0) {
      throw RollbackRefused.impossible(
          provider.title()
              + " lists no live deploy of "
              + service
              + " among its last "
              + recent.size()
              + ": nothing to roll back from. /rollback "
              + service
              + " list shows them.");
    }
    Deploy live = recent.get(liveIndex);
    Optional<Deploy> inProgress = provider.deployInProgress(target.id(), recent);
    if (inProgress.isPresent() && !force) {
      Deploy busy = inProgress.get();
      throw RollbackRefused.refused(
          "A deploy of "
              + service
              + " is in progress ("
              + busy.id()
              + ", "
              + busy.providerStatus()
              + (busy.createdAt() == null
                  ? ""
                  : ", started " + HumanTime.age(busy.createdAt(), now))
              + "): a rollback now would race it. Wait for it to finish, or an admin can force"
              + " it: /rollback "
              + service
              + (deployId == null ? "" : " " + deployId)
              + " --force");
    }
    Deploy chosen =
        deployId == null
            ? RollbackTargets.previous(service, recent, liveIndex)
            : RollbackTargets.chosen(service, deployId, recent, live);
    Boolean autoDeploy = autoDeploy(provider, target.id());
    RollbackPlan plan =
        ledger.create(
            new RollbackPlan(
                0,
                service,
                provider.name(),
                target.id(),
                live,
                chosen,
                new RollbackPlan.Requester(
                    caller.platform(), caller.userId(), caller.userName(), caller.channelId()),
                now,
                now.plus(settings.confirmWithin()),
                force && inProgress.isPresent(),
                autoDeploy,
                RollbackPlan.State.PENDING,
                null,
                null));
    audit.record(
        caller, "rollback request " + service, Outcome.OK, plan, live.id() + " -> " + chosen.id());
    return plan;
  }

  /** The plan as chat shows it, with its buttons. */
  public Message planMessage(RollbackPlan plan) {
    return RollbackMessages.plan(
        plan, providers.get(plan.provider()).title(), settings.requireApproval(), clock.instant());
  }

  /** A second on-call member's approval (four-eyes). */
  public Message approve(long planId, Caller caller) {
    RollbackPlan plan = pending(planId);
    if (!settings.requireApproval()) {
      return Message.ephemeral(
          "Rollback #"
              + planId
              + " needs no approval here: "
              + plan.requester().display()
              + " or an admin may confirm it.");
    }
    if (caller.userId().equals(plan.requester().userId())) {
      audit.refused(caller, "approve", plan, "own plan");
      throw RollbackRefused.refused(
          "You asked for rollback #" + planId + ": a second on-call member must approve it.");
    }
    if (!ledger.approve(planId, display(caller))) {
      throw RollbackRefused.impossible("Rollback #" + planId + " is no longer awaiting approval.");
    }
    audit.record(caller, "rollback approve " + plan.service(), Outcome.OK, plan, null);
    // The plan again, now without Approve: its Confirm button must stay within reach.
    return planMessage(find(planId));
  }

  /** Cancels a pending plan: its requester or an admin. */
  public Message cancel(long planId, Caller caller) {
    RollbackPlan plan = find(planId);
    mayDecide(plan, caller, "cancel");
    if (!ledger.cancel(planId, display(caller), clock.instant())) {
      RollbackPlan now = find(planId);
      throw RollbackRefused.impossible(
          "Rollback #"
              + planId
              + " is "
              + now.state().id()
              + " already; there is nothing to cancel.");
    }
    audit.record(caller, "rollback cancel " + plan.service(), Outcome.OK, plan, null);
    String text =
        "Rollback #" + planId + " of " + plan.service() + " canceled by " + display(caller) + ".";
    return Message.builder(text).text(text).build();
  }

  /**
   * Confirms a plan: once, within its window, by its requester or an admin, with the service's lock
   * free. Starts the rollback and returns at once; the outcome is reported in the thread.
   */
  public Message confirm(long planId, Caller caller) {
    RollbackPlan plan = find(planId);
    mayDecide(plan, caller, "confirm");
    if (settings.requireApproval()
        && plan.approvedBy() == null
        && plan.state() == RollbackPlan.State.PENDING) {
      audit.refused(caller, "confirm", plan, "not approved");
      throw RollbackRefused.refused(
          "Rollback #"
              + planId
              + " needs a second on-call member's approval first (the Approve button, or"
              + " /rollback approve "
              + planId
              + ").");
    }
    if (plan.state() == RollbackPlan.State.PENDING && !plan.expiredAt(clock.instant())) {
      recheck(plan, caller);
    }
    Instant now = clock.instant();
    Instant lockUntil =
        now.plus(settings.deployTimeout()).plus(settings.healthTimeout()).plus(LOCK_MARGIN);
    RollbackLedger.Start start = ledger.start(planId, display(caller), now, lockUntil);
    switch (start) {
      case RollbackLedger.Start.Unknown unknown -> throw unknownPlan(planId);
      case RollbackLedger.Start.Expired expired -> {
        audit.refused(caller, "confirm", plan, "expired");
        throw RollbackRefused.impossible(
            "Rollback #"
                + planId
                + " expired at "
                + plan.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " (plans are valid for "
                + HumanTime.span(settings.confirmWithin())
                + "): nothing was rolled back. Ask again with /rollback "
                + plan.service()
                + ".");
      }
      case RollbackLedger.Start.NotPending notPending -> {
        audit.refused(caller, "confirm", plan, "already " + notPending.state().id());
        throw RollbackRefused.impossible(
            "Rollback #"
                + planId
                + " was "
                + (notPending.state() == RollbackPlan.State.CANCELED ? "canceled" : "confirmed")
                + " already"
                + (notPending.decidedBy() == null ? "" : " by " + notPending.decidedBy())
                + " and is "
                + notPending.state().id()
                + ": it runs once, nothing more was started.");
      }
      case RollbackLedger.Start.Locked locked -> {
        audit.refused(caller, "confirm", plan, "locked by plan " + locked.lock().planId());
        throw RollbackRefused.refused(lockedMessage(locked.lock(), now));
      }
      case RollbackLedger.Start.Started started -> {
        // Go on below.
      }
    }
    DeployProvider provider = providers.get(plan.provider());
    RollbackStarted triggered;
    try {
      triggered = provider.rollback(plan.providerId(), plan.target());
    } catch (ProviderException e) {
      boolean unknown = !isClientError(e);
      String outcome =
          unknown
              ? "Rollback #"
                  + planId
                  + " of "
                  + plan.service()
                  + ": "
                  + e.getMessage()
                  + " The rollback may or may not have started; opsbot does not retry it (that"
                  + " could roll back twice). Check the "
                  + provider.title()
                  + " dashboard."
              : "Rollback #"
                  + planId
                  + " of "
                  + plan.service()
                  + " did not start: "
                  + e.getMessage()
                  + " Nothing was rolled back.";
      ledger.finish(planId, RollbackPlan.State.FAILED, outcome, clock.instant());
      audit.record(caller, "rollback outcome " + plan.service(), Outcome.ERROR, plan, outcome);
      throw RollbackRefused.impossible(outcome);
    }
    ledger.triggered(planId, triggered.deployId());
    audit.record(
        caller,
        "rollback confirm " + plan.service(),
        Outcome.OK,
        plan,
        "deploy " + triggered.deployId());
    String by = display(caller);
    reporter.start(plan, RollbackMessages.started(plan, provider.title(), by, now));
    CompletableFuture<RollbackPlan.State> outcome = new CompletableFuture<>();
    running.put(planId, outcome);
    followers.submit(() -> {
      RollbackPlan.State state = RollbackPlan.State.FAILED;
      try {
        state = follower.follow(plan, provider, triggered, now, caller);
      } catch (RuntimeException e) {
        log.error(
            "event=rollback_follow_failed plan={} service={} error=\"{}\"",
            planId,
            plan.service(),
            e.toString(),
            e);
        // The provider has the rollback: it may well have gone through, so not "failed".
        follower.finish(
            plan,
            caller,
            RollbackPlan.State.UNVERIFIED,
            "Rollback #"
                + planId
                + " of "
                + plan.service()
                + ": opsbot lost track of it ("
                + e.getMessage()
                + "). Check the "
                + provider.title()
                + " dashboard.",
            Tone.DANGER);
      } finally {
        outcome.complete(state);
      }
    });
    String text =
        "Rollback #"
            + planId
            + " confirmed by "
            + by
            + ": "
            + provider.title()
            + " is rolling "
            + plan.service()
            + " back to "
            + RollbackMessages.describe(plan.target(), now)
            + ". Progress and the outcome follow in the thread.";
    return Message.builder(text)
        .text(text)
        .tone(Tone.WARNING)
        .visibility(Visibility.IN_CHANNEL)
        .build();
  }

  /**
   * The plan was made up to five minutes ago: refuses when the live deploy changed since, or a
   * deploy started that the plan was not forced past.
   */
  private void recheck(RollbackPlan plan, Caller caller) {
    DeployProvider provider = providers.get(plan.provider());
    if (provider == null) {
      throw RollbackRefused.impossible(
          "Rollback through "
              + plan.provider()
              + " is off now: "
              + RollbackSettings.tokenVariable(plan.provider())
              + " is not set.");
    }
    List<Deploy> recent = provider.recentDeploys(plan.providerId(), RECHECKED);
    Optional<Deploy> live = recent.stream().filter(d -> d.state() == DeployState.LIVE).findFirst();
    if (live.isPresent() && !live.get().id().equals(plan.current().id())) {
      audit.refused(caller, "confirm", plan, "live deploy changed");
      throw RollbackRefused.impossible(
          "The live deploy of "
              + plan.service()
              + " changed since plan #"
              + plan.id()
              + " (now "
              + live.get().id()
              + "): nothing was rolled back. Ask again with /rollback "
              + plan.service()
              + ".");
    }
    Optional<Deploy> busy = provider.deployInProgress(plan.providerId(), recent);
    if (busy.isPresent() && !plan.forced()) {
      audit.refused(caller, "confirm", plan, "deploy in progress");
      throw RollbackRefused.refused(
          "A deploy of "
              + plan.service()
              + " started since plan #"
              + plan.id()
              + " ("
              + busy.get().id()
              + ", "
              + busy.get().providerStatus()
              + "): nothing was rolled back."
              + " Wait for it, or an admin can force a new plan: /rollback "
              + plan.service()
              + " --force");
    }
  }

  /** Turns off a service's auto-deploy (Render), so the next push does not undo the rollback. */
  public Message disableAutoDeploy(String service, Caller caller) {
    Target target = target(service);
    if (target.provider().autoDeploy(target.id()).isEmpty()) {
      return Message.ephemeral(
          target.provider().title() + " has no auto-deploy switch for " + service + ".");
    }
    target.provider().disableAutoDeploy(target.id());
    audit.record(
        caller,
        "rollback autodeploy-off " + service,
        target.provider().title() + " " + target.id());
    String text =
        "Auto-deploy of "
            + service
            + " is off (by "
            + display(caller)
            + "): pushes no longer deploy it."
            + " Turn it back on in the "
            + target.provider().title()
            + " dashboard once the fix is merged.";
    return Message.builder(text).text(text).tone(Tone.GOOD).build();
  }

  /** The outcome of a rollback confirmed by this replica; empty for others' and unknown plans. */
  public Optional<CompletableFuture<RollbackPlan.State>> running(long planId) {
    return Optional.ofNullable(running.get(planId));
  }

  private static boolean isClientError(ProviderException e) {
    return e.status() >= 400 && e.status() < 500;
  }

  private Boolean autoDeploy(DeployProvider provider, String id) {
    try {
      return provider.autoDeploy(id).orElse(null);
    } catch (ProviderException e) {
      log.warn(
          "event=rollback_autodeploy_unknown provider={} id={} reason=\"{}\"",
          provider.name(),
          id,
          e.getMessage());
      return null;
    }
  }

  private record Target(DeployProvider provider, String id) {}

  private Target target(String service) {
    RollbackSettings.DeployTarget configured = settings.services().get(service);
    if (configured == null) {
      throw RollbackRefused.impossible(
          "opsbot does not know where "
              + service
              + " is deployed: add it under rollback.services (provider and id) in the configuration."
              + (settings.services().isEmpty()
                  ? ""
                  : " Rollback-ready: " + String.join(", ", settings.services().keySet()) + "."));
    }
    DeployProvider provider = providers.get(configured.provider());
    if (provider == null) {
      throw RollbackRefused.impossible(
          "Rollback through "
              + configured.provider()
              + " is off: "
              + RollbackSettings.tokenVariable(configured.provider())
              + " is not set. Set it (or "
              + RollbackSettings.tokenVariable(configured.provider())
              + "_FILE) and restart opsbot.");
    }
    return new Target(provider, configured.id());
  }

  private RollbackPlan find(long planId) {
    return ledger.find(planId).orElseThrow(() -> unknownPlan(planId));
  }

  private RollbackPlan pending(long planId) {
    RollbackPlan plan = find(planId);
    if (plan.state() != RollbackPlan.State.PENDING) {
      throw RollbackRefused.impossible(
          "Rollback #" + planId + " is " + plan.state().id() + " already.");
    }
    if (plan.expiredAt(clock.instant())) {
      throw RollbackRefused.impossible(
          "Rollback #"
              + planId
              + " expired at "
              + plan.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + ": ask again with /rollback "
              + plan.service()
              + ".");
    }
    return plan;
  }

  private static RollbackRefused unknownPlan(long planId) {
    return RollbackRefused.impossible(
        "There is no rollback plan #" + planId + ": /rollback <service> makes one.");
  }

  private void mayDecide(RollbackPlan plan, Caller caller, String verb) {
    if (!caller.userId().equals(plan.requester().userId()) && !admin.test(caller)) {
      audit.refused(caller, verb, plan, "not the requester");
      throw RollbackRefused.refused(
          "Only "
              + plan.requester().display()
              + " (who asked for rollback #"
              + plan.id()
              + ") or an admin may "
              + verb
              + " it.");
    }
  }

  private static String lockedMessage(RollbackLedger.Lock lock, Instant now) {
    return lock.service()
        + " is being rolled back already by "
        + lock.holder()
        + " (plan #"
        + lock.planId()
        + ", since "
        + HumanTime.age(lock.since(), now)
        + "): wait for its outcome in its thread.";
  }

  private static String display(Caller caller) {
    return caller.userName() == null || caller.userName().isBlank()
        ? caller.userId()
        : caller.userName();
  }

  @Override
  public void close() {
    followers.shutdownNow();
    try {
      followers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
