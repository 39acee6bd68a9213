package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each started rollback to its end, on a virtual thread of its own: the provider's deploy
 * (for a restart: until the provider shows it took effect) with bounded backoff until live, failed
 * or past the deadline, then the service's health until UP or past its deadline; records the
 * outcome, frees the lock, audits it and reports it in the rollback's thread.
 */
final class RollbackFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RollbackFollower.class);
  private static final Duration FIRST_WAIT = Duration.ofSeconds(2);
  private static final Duration LONGEST_DEPLOY_WAIT = Duration.ofSeconds(30);
  private static final Duration LONGEST_HEALTH_WAIT = Duration.ofSeconds(15);

  private final RollbackSettings settings;
  private final RollbackLedger ledger;
  private final HealthCheck health;
  private final RollbackReporter reporter;
  private final RollbackAudit audit;
  private final Clock clock;
  private final Pause pause;
  private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Long, CompletableFuture<RollbackPlan.State>> running =
      new ConcurrentHashMap<>();

  RollbackFollower(
      RollbackSettings settings,
      RollbackLedger ledger,
      HealthCheck health,
      RollbackReporter reporter,
      RollbackAudit audit,
      Clock clock,
      Pause pause) {
    this.settings = settings;
    this.ledger = ledger;
    this.health = health;
    this.reporter = reporter;
    this.audit = audit;
    this.clock = clock;
    this.pause = pause;
  }

  /**
   * Follows a rollback the provider took, on a thread of its own, and returns its outcome to come.
   * A failure to follow it ends it unverified: the provider may well have gone through with it.
   */
  CompletableFuture<RollbackPlan.State> start(
      RollbackPlan plan,
      DeployProvider provider,
      RollbackStarted triggered,
      Instant started,
      Caller caller) {
    CompletableFuture<RollbackPlan.State> outcome = new CompletableFuture<>();
    running.put(plan.id(), outcome);
    followers.submit(() -> {
      RollbackPlan.State state = RollbackPlan.State.FAILED;
      try {
        state = follow(plan, provider, triggered, started, caller);
      } catch (RuntimeException e) {
        log.error(
            "event=rollback_follow_failed plan={} service={} error=\"{}\"",
            plan.id(),
            plan.service(),
            e.toString(),
            e);
        // The provider has the rollback: it may well have gone through, so not "failed".
        finish(
            plan,
            caller,
            RollbackPlan.State.UNVERIFIED,
            RollbackMessages.lostTrack(plan, e.getMessage(), provider.title()),
            Tone.DANGER);
      } finally {
        outcome.complete(state);
      }
    });
    return outcome;
  }

  /** The outcome of a rollback this replica follows; empty for others' and unknown plans. */
  Optional<CompletableFuture<RollbackPlan.State>> running(long planId) {
    return Optional.ofNullable(running.get(planId));
  }

  private RollbackPlan.State follow(
      RollbackPlan plan,
      DeployProvider provider,
      RollbackStarted triggered,
      Instant started,
      Caller caller) {
    Backoff deploy = new Backoff(started.plus(settings.deployTimeout()), LONGEST_DEPLOY_WAIT);
    String lastStatus = triggered.status();
    String lastError = null;
    while (true) {
      DeployProgress progress;
      try {
        progress =
            plan.action() == RollbackPlan.Action.RESTART
                ? provider.restartProgress(plan.providerId(), triggered, started)
                : provider.progress(plan.providerId(), plan.target(), triggered);
      } catch (ProviderException e) {
        if (!e.transientFailure()) {
          return failed(
              plan,
              caller,
              RollbackMessages.cannotFollow(
                  plan, triggered.deployId(), e.getMessage(), provider.title()));
        }
        lastError = e.getMessage();
        progress = new DeployProgress.Pending(lastStatus);
      }
      if (progress instanceof DeployProgress.Live) {
        break;
      }
      if (progress instanceof DeployProgress.Failed failed) {
        return failed(
            plan,
            caller,
            RollbackMessages.deployFailed(
                plan, failed.reason(), triggered.deployId(), provider.title()));
      }
      lastStatus = ((DeployProgress.Pending) progress).status();
      Instant now = clock.instant();
      if (deploy.over(now)) {
        if (plan.action() == RollbackPlan.Action.RESTART && RestartMessages.inPlace(plan)) {
          return restartUnconfirmed(plan, provider, caller, lastError);
        }
        return failed(
            plan,
            caller,
            RollbackMessages.notLiveAfter(
                plan, settings.deployTimeout(), lastStatus, lastError, provider.title()));
      }
      if (!deploy.pause(now)) {
        // Stopped, not failed: the provider may well finish it.
        return unverified(plan, caller, RollbackMessages.stoppedFollowing(plan, provider.title()));
      }
    }
    Duration toLive = Duration.between(started, clock.instant());
    reporter.reply(
        plan,
        "live",
        RollbackMessages.live(plan, provider.title(), toLive, settings.healthTimeout()));
    Backoff healthy =
        new Backoff(clock.instant().plus(settings.healthTimeout()), LONGEST_HEALTH_WAIT);
    while (true) {
      ProbeResult result = health.probe(plan.service());
      Instant now = clock.instant();
      if (result != null && result.isUp()) {
        String text = RollbackMessages.rolledBack(plan, Duration.between(started, now), result);
        return finish(plan, caller, RollbackPlan.State.SUCCEEDED, text, Tone.GOOD);
      }
      if (healthy.over(now)) {
        return unverified(
            plan,
            caller,
            RollbackMessages.notVerified(
                plan, provider.title(), describe(result), settings.healthTimeout()));
      }
      if (!healthy.pause(now)) {
        return unverified(plan, caller, RollbackMessages.stoppedProbing(plan));
      }
    }
  }

  /**
   * The provider never showed the restart taking effect: the health as seen now is reported, not
   * taken for the restart's outcome, since the old instance may be the one answering.
   */
  private RollbackPlan.State restartUnconfirmed(
      RollbackPlan plan, DeployProvider provider, Caller caller, String lastError) {
    String seen = describe(health.probe(plan.service()));
    return unverified(
        plan,
        caller,
        RestartMessages.notConfirmed(
            plan, provider.title(), settings.deployTimeout(), seen, lastError));
  }

  private static String describe(ProbeResult result) {
    return result == null
        ? "no result"
        : result.status() + (result.reason() == null ? "" : " (" + result.reason() + ")");
  }

  private RollbackPlan.State failed(RollbackPlan plan, Caller caller, String text) {
    return finish(plan, caller, RollbackPlan.State.FAILED, text, Tone.DANGER);
  }

  private RollbackPlan.State unverified(RollbackPlan plan, Caller caller, String text) {
    return finish(plan, caller, RollbackPlan.State.UNVERIFIED, text, Tone.DANGER);
  }

  private RollbackPlan.State finish(
      RollbackPlan plan, Caller caller, RollbackPlan.State state, String text, Tone tone) {
    if (!ledger.finish(plan.id(), state, text, clock.instant())) {
      // Recorded already (a report that failed after the outcome was stored): it stands.
      log.warn(
          "event=rollback_already_finished plan={} service={} not_recorded={}",
          plan.id(),
          plan.service(),
          state.id());
      return state;
    }
    audit.outcome(
        caller,
        plan,
        state == RollbackPlan.State.SUCCEEDED ? Outcome.OK : Outcome.ERROR,
        state.id() + ": " + text);
    log.info(
        "event=rollback_finished plan={} service={} state={}",
        plan.id(),
        plan.service(),
        state.id());
    boolean autoDeployOn =
        Boolean.TRUE.equals(plan.autoDeploy()) && state != RollbackPlan.State.FAILED;
    Message message = RollbackMessages.outcome(text, tone, plan.service(), autoDeployOn);
    reporter.reply(plan, "outcome", message);
    reporter.update(plan, Message.builder(text).text(text).tone(tone).build());
    return state;
  }

  /** Waits that double from two seconds up to a longest wait, never past a deadline. */
  private final class Backoff {
    private final Instant deadline;
    private final Duration longest;
    private Duration wait = FIRST_WAIT;

    Backoff(Instant deadline, Duration longest) {
      this.deadline = deadline;
      this.longest = longest;
    }

    boolean over(Instant now) {
      return !now.isBefore(deadline);
    }

    /** False when interrupted (shutting down). */
    boolean pause(Instant now) {
      if (!sleep(min(wait, Duration.between(now, deadline)))) {
        return false;
      }
      wait = min(wait.multipliedBy(2), longest);
      return true;
    }
  }

  private boolean sleep(Duration duration) {
    try {
      pause.pause(duration.isNegative() ? Duration.ZERO : duration);
      return true;
    } catch (InterruptedException e) {
      // Shutting down: the caller records the outcome (that needs the database, which an
      // interrupt flag would break) and the thread ends; nothing is retried.
      return false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Interrupts the followers: each ends its rollback as unverified, since opsbot stopped. */
  @Override
  public void close() {
    followers.shutdownNow();
    try {
      followers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
