package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one started rollback to its end: the provider's deploy with bounded backoff until live,
 * failed or past the deadline, then the service's health until UP or past its deadline; records the
 * outcome, frees the lock, audits it and reports it in the rollback's thread.
 */
final class RollbackFollower {
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

  RollbackPlan.State follow(
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
        progress = provider.progress(plan.providerId(), plan.target(), triggered);
      } catch (ProviderException e) {
        if (!e.transientFailure()) {
          return finish(
              plan,
              caller,
              RollbackPlan.State.FAILED,
              "Rollback #"
                  + plan.id()
                  + " of "
                  + plan.service()
                  + " started ("
                  + triggered.deployId()
                  + ") but opsbot cannot follow it: "
                  + e.getMessage()
                  + " Check the "
                  + provider.title()
                  + " dashboard.",
              Tone.DANGER);
        }
        lastError = e.getMessage();
        progress = new DeployProgress.Pending(lastStatus);
      }
      if (progress instanceof DeployProgress.Live) {
        break;
      }
      if (progress instanceof DeployProgress.Failed failed) {
        return finish(
            plan,
            caller,
            RollbackPlan.State.FAILED,
            "Rollback of "
                + plan.service()
                + " to "
                + plan.target().id()
                + " failed: "
                + failed.reason()
                + " ("
                + triggered.deployId()
                + "). "
                + plan.current().id()
                + " may still be serving; check the "
                + provider.title()
                + " dashboard.",
            Tone.DANGER);
      }
      lastStatus = ((DeployProgress.Pending) progress).status();
      Instant now = clock.instant();
      if (deploy.over(now)) {
        return finish(
            plan,
            caller,
            RollbackPlan.State.FAILED,
            "Rollback of "
                + plan.service()
                + " to "
                + plan.target().id()
                + " is not live after "
                + HumanTime.span(settings.deployTimeout())
                + " (last status "
                + lastStatus
                + (lastError == null ? "" : "; last error: " + lastError)
                + "). opsbot stopped following it; check the "
                + provider.title()
                + " dashboard.",
            Tone.DANGER);
      }
      if (!deploy.pause(now)) {
        return finish(
            plan,
            caller,
            // Stopped, not failed: the provider may well finish it.
            RollbackPlan.State.UNVERIFIED,
            "opsbot stopped while following rollback #"
                + plan.id()
                + " of "
                + plan.service()
                + "; check the "
                + provider.title()
                + " dashboard.",
            Tone.DANGER);
      }
    }
    Duration toLive = Duration.between(started, clock.instant());
    reporter.reply(
        plan,
        "live",
        RollbackMessages.step(
            provider.title()
                + " reports "
                + plan.target().id()
                + " live after "
                + span(toLive)
                + "; probing "
                + plan.service()
                + " until it is healthy (up to "
                + HumanTime.span(settings.healthTimeout())
                + ")."));
    Backoff healthy =
        new Backoff(clock.instant().plus(settings.healthTimeout()), LONGEST_HEALTH_WAIT);
    while (true) {
      ProbeResult result = health.probe(plan.service());
      Instant now = clock.instant();
      if (result != null && result.isUp()) {
        String text =
            "Rolled back "
                + plan.service()
                + " to "
                + plan.target().id()
                + " ("
                + plan.target().shortCommit()
                + (plan.target().title().isEmpty()
                    ? ""
                    : " \u2018" + plan.target().title() + "\u2019")
                + ") in "
                + span(Duration.between(started, now))
                + "; /health UP "
                + HumanTime.latency(result.latency())
                + (result.version() == null ? "" : ", version " + result.version())
                + ".";
        return finish(plan, caller, RollbackPlan.State.SUCCEEDED, text, Tone.GOOD);
      }
      if (healthy.over(now)) {
        String reason =
            result == null
                ? "no result"
                : result.status() + (result.reason() == null ? "" : " (" + result.reason() + ")");
        return finish(
            plan,
            caller,
            RollbackPlan.State.UNVERIFIED,
            "Rolled back "
                + plan.service()
                + " to "
                + plan.target().id()
                + " at "
                + provider.title()
                + ", but /health is still "
                + reason
                + " after "
                + HumanTime.span(settings.healthTimeout())
                + ": the rollback is not verified. Look at the service's logs.",
            Tone.DANGER);
      }
      if (!healthy.pause(now)) {
        return finish(
            plan,
            caller,
            RollbackPlan.State.UNVERIFIED,
            "opsbot stopped while probing "
                + plan.service()
                + " after rollback #"
                + plan.id()
                + ".",
            Tone.DANGER);
      }
    }
  }

  RollbackPlan.State finish(
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
    audit.record(
        caller,
        "rollback outcome " + plan.service(),
        state == RollbackPlan.State.SUCCEEDED ? Outcome.OK : Outcome.ERROR,
        plan,
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

  /** "2 min 10 s", "45 s". */
  static String span(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
  }
}
