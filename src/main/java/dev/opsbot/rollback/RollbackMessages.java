package dev.opsbot.rollback;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import dev.opsbot.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What /rollback says: plans, deploy lists, progress and outcomes. Callers decide; this class only
 * words. Refusals are worded in {@link RollbackRefusals}.
 */
public final class RollbackMessages {
  public static final String CONFIRM = "rollback.confirm";
  public static final String CANCEL = "rollback.cancel";
  public static final String APPROVE = "rollback.approve";
  public static final String AUTO_DEPLOY_OFF = "rollback.autodeploy-off";

  private RollbackMessages() {}

  /** One deploy in a line: id, commit, message, author, age. */
  public static String describe(Deploy deploy, Instant now) {
    StringBuilder out = new StringBuilder(deploy.id());
    out.append(" (").append(deploy.shortCommit());
    if (!deploy.title().isEmpty()) {
      out.append(" \u2018").append(deploy.title()).append('\u2019');
    }
    out.append(')');
    if (deploy.author() != null) {
      out.append(" by ").append(deploy.author());
    }
    if (deploy.createdAt() != null) {
      out.append(", ").append(HumanTime.age(deploy.createdAt(), now));
    }
    return out.toString();
  }

  /** A person as the plans and threads name them: their name, or their id when it has none. */
  static String who(Caller caller) {
    return caller.userName() == null || caller.userName().isBlank()
        ? caller.userId()
        : caller.userName();
  }

  /** The plan, with Confirm and Cancel (and Approve when a second person must agree). */
  public static Message plan(
      RollbackPlan plan, String providerTitle, boolean needsApproval, Instant now) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.plan(plan, providerTitle, needsApproval, now);
    }
    String headline =
        "Roll back " + plan.service() + " to " + plan.target().id() + "? (plan #" + plan.id() + ")";
    Message.Builder message = Message.builder(headline).header(headline).tone(Tone.WARNING);
    message.fields(
        List.of(
            new Block.Field("Live now", describe(plan.current(), now)),
            new Block.Field("Roll back to", describe(plan.target(), now)),
            new Block.Field("Provider", providerTitle + " " + plan.providerId()),
            new Block.Field("Asked by", plan.requester().display())));
    if (plan.forced()) {
      message.text(
          "Forced by an admin: a deploy is in progress and may finish after the rollback.");
    }
    if (Boolean.TRUE.equals(plan.autoDeploy())) {
      // No button here: a click replaces the message it is on, and this one holds Confirm.
      message.text(autoDeployWarning(plan.service(), "the outcome will carry a button for it"));
    }
    List<Block.Button> buttons = new ArrayList<>();
    boolean awaitingApproval = needsApproval && plan.approvedBy() == null;
    if (awaitingApproval) {
      message.text(
          "Four-eyes: a second on-call member must approve before "
              + plan.requester().display()
              + " or an admin confirms.");
      buttons.add(new Block.Button(APPROVE, "Approve", id(plan), Tone.NEUTRAL));
    } else if (plan.approvedBy() != null) {
      message.text(
          "Approved by "
              + plan.approvedBy()
              + ": "
              + plan.requester().display()
              + " or an admin may confirm it now.");
    }
    buttons.add(new Block.Button(CONFIRM, "Confirm rollback", id(plan), Tone.DANGER));
    buttons.add(new Block.Button(CANCEL, "Cancel", id(plan), Tone.NEUTRAL));
    message.buttons(buttons);
    message.context(
        "Valid for "
            + HumanTime.span(Duration.between(plan.requestedAt(), plan.expiresAt()))
            + " (until "
            + plan.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "). Only "
            + plan.requester().display()
            + " or an admin may confirm. Typed: /rollback confirm "
            + plan.id()
            + " or /rollback cancel "
            + plan.id()
            + (awaitingApproval ? " (approve: /rollback approve " + plan.id() + ")" : "")
            + ".");
    return message.build();
  }

  static String autoDeployWarning(String service, String where) {
    return "Auto-deploy is on for "
        + service
        + ": the next push to its branch deploys the bad commit again. Turn it off until the"
        + " fix is merged (/rollback "
        + service
        + " autodeploy-off; "
        + where
        + ").";
  }

  static Block.Button autoDeployButton(String service) {
    return new Block.Button(AUTO_DEPLOY_OFF, "Turn off auto-deploy", service, Tone.WARNING);
  }

  /** The last deploys of a service, newest first. */
  public static Message list(
      String service, String providerTitle, List<Deploy> deploys, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    for (Deploy deploy : deploys) {
      rows.add(
          List.of(
              deploy.id(),
              status(deploy),
              deploy.shortCommit(),
              deploy.title(),
              deploy.author() == null ? "-" : deploy.author(),
              deploy.createdAt() == null ? "-" : HumanTime.age(deploy.createdAt(), now)));
    }
    String headline =
        "Last " + deploys.size() + " deploys of " + service + " (" + providerTitle + ")";
    return Message.builder(headline)
        .header(headline)
        .table(List.of("deploy", "status", "commit", "message", "by", "age"), rows)
        .context("/rollback " + service + " <deploy> rolls back to one that was live.")
        .visibility(Visibility.EPHEMERAL)
        .build();
  }

  /** The first message of the rollback's thread. */
  static Message started(RollbackPlan plan, String providerTitle, String confirmedBy, Instant now) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.started(plan, providerTitle, confirmedBy);
    }
    String text =
        "Rolling back "
            + plan.service()
            + " to "
            + describe(plan.target(), now)
            + ": confirmed by "
            + confirmedBy
            + ". "
            + providerTitle
            + " is on it; progress follows in this thread.";
    return Message.builder(text).text(text).tone(Tone.WARNING).build();
  }

  static Message step(String text) {
    return Message.builder(text).context(text).build();
  }

  static Message outcome(String text, Tone tone, String service, boolean autoDeployOn) {
    Message.Builder message = Message.builder(text).text(text).tone(tone);
    if (autoDeployOn) {
      message.text(autoDeployWarning(service, "or the button below"));
      message.buttons(List.of(autoDeployButton(service)));
    }
    return message.build();
  }

  /** The reply to a confirmation: the rollback runs; the thread follows it. */
  static Message confirmed(
      RollbackPlan plan, String providerTitle, String confirmedBy, Instant now) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.confirmed(plan, providerTitle, confirmedBy);
    }
    String text =
        ("Rollback #%d confirmed by %s: %s is rolling %s back to %s. Progress and the outcome"
                + " follow in the thread.")
            .formatted(
                plan.id(),
                confirmedBy,
                providerTitle,
                plan.service(),
                describe(plan.target(), now));
    return Message.builder(text)
        .text(text)
        .tone(Tone.WARNING)
        .visibility(Visibility.IN_CHANNEL)
        .build();
  }

  static Message canceled(RollbackPlan plan, String by) {
    String text =
        plan.action().title()
            + " #"
            + plan.id()
            + " of "
            + plan.service()
            + " canceled by "
            + by
            + ".";
    return Message.builder(text).text(text).build();
  }

  static Message noApprovalNeeded(RollbackPlan plan) {
    return Message.ephemeral(
        "Rollback #%d needs no approval here: %s or an admin may confirm it."
            .formatted(plan.id(), plan.requester().display()));
  }

  static Message noAutoDeploySwitch(String providerTitle, String service) {
    return Message.ephemeral(providerTitle + " has no auto-deploy switch for " + service + ".");
  }

  static Message autoDeployOff(String service, String by, String providerTitle) {
    String text =
        ("Auto-deploy of %s is off (by %s): pushes no longer deploy it. Turn it back on in the"
                + " %s dashboard once the fix is merged.")
            .formatted(service, by, providerTitle);
    return Message.builder(text).text(text).tone(Tone.GOOD).build();
  }

  // --- Outcomes: what the thread is told when a rollback ends ---------------------------------

  /** The provider answered the rollback call with an error that says it did not start (4xx). */
  static String didNotStart(RollbackPlan plan, String error) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.didNotStart(plan, error);
    }
    return "Rollback #%d of %s did not start: %s Nothing was rolled back."
        .formatted(plan.id(), plan.service(), error);
  }

  /** The rollback call failed without saying whether the provider took it. */
  static String mayHaveStarted(RollbackPlan plan, String error, String providerTitle) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.mayHaveStarted(plan, error, providerTitle);
    }
    return ("Rollback #%d of %s: %s The rollback may or may not have started; opsbot does not"
            + " retry it (that could roll back twice). Check the %s dashboard.")
        .formatted(plan.id(), plan.service(), error, providerTitle);
  }

  static String lostTrack(RollbackPlan plan, String error, String providerTitle) {
    return "%s #%d of %s: opsbot lost track of it (%s). Check the %s dashboard."
        .formatted(plan.action().title(), plan.id(), plan.service(), error, providerTitle);
  }

  static String cannotFollow(
      RollbackPlan plan, String newDeploy, String error, String providerTitle) {
    return "%s #%d of %s started (%s) but opsbot cannot follow it: %s Check the %s dashboard."
        .formatted(
            plan.action().title(), plan.id(), plan.service(), newDeploy, error, providerTitle);
  }

  static String deployFailed(
      RollbackPlan plan, String reason, String newDeploy, String providerTitle) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.deployFailed(plan, reason, newDeploy, providerTitle);
    }
    return "Rollback of %s to %s failed: %s (%s). %s may still be serving; check the %s dashboard."
        .formatted(
            plan.service(),
            plan.target().id(),
            reason,
            newDeploy,
            plan.current().id(),
            providerTitle);
  }

  static String notLiveAfter(
      RollbackPlan plan,
      Duration timeout,
      String lastStatus,
      String lastError,
      String providerTitle) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.notLiveAfter(plan, timeout, lastStatus, providerTitle);
    }
    return ("Rollback of %s to %s is not live after %s (last status %s%s). opsbot stopped"
            + " following it; check the %s dashboard.")
        .formatted(
            plan.service(),
            plan.target().id(),
            HumanTime.span(timeout),
            lastStatus,
            lastError == null ? "" : "; last error: " + lastError,
            providerTitle);
  }

  static String stoppedFollowing(RollbackPlan plan, String providerTitle) {
    return "opsbot stopped while following %s #%d of %s; check the %s dashboard."
        .formatted(plan.action().id(), plan.id(), plan.service(), providerTitle);
  }

  /** The step between the deploy going live and the service answering healthy. */
  static Message live(
      RollbackPlan plan, String providerTitle, Duration toLive, Duration healthTimeout) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.live(plan, providerTitle, toLive, healthTimeout);
    }
    return step(
        "%s reports %s live after %s; probing %s until it is healthy (up to %s)."
            .formatted(
                providerTitle,
                plan.target().id(),
                span(toLive),
                plan.service(),
                HumanTime.span(healthTimeout)));
  }

  static String rolledBack(RollbackPlan plan, Duration took, ProbeResult result) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.restarted(plan, took, result);
    }
    Deploy target = plan.target();
    return "Rolled back %s to %s (%s%s) in %s; /health UP %s%s."
        .formatted(
            plan.service(),
            target.id(),
            target.shortCommit(),
            target.title().isEmpty() ? "" : " \u2018" + target.title() + "\u2019",
            span(took),
            HumanTime.latency(result.latency()),
            result.version() == null ? "" : ", version " + result.version());
  }

  static String notVerified(
      RollbackPlan plan, String providerTitle, String health, Duration healthTimeout) {
    if (plan.action() == RollbackPlan.Action.RESTART) {
      return RestartMessages.notVerified(plan, providerTitle, health, healthTimeout);
    }
    return ("Rolled back %s to %s at %s, but /health is still %s after %s: the rollback is not"
            + " verified. Look at the service's logs.")
        .formatted(
            plan.service(),
            plan.target().id(),
            providerTitle,
            health,
            HumanTime.span(healthTimeout));
  }

  static String stoppedProbing(RollbackPlan plan) {
    return "opsbot stopped while probing "
        + plan.service()
        + " after "
        + plan.action().id()
        + " #"
        + plan.id()
        + ".";
  }

  /** "2 min 10 s", "45 s". */
  static String span(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
  }

  private static String status(Deploy deploy) {
    String status = deploy.providerStatus() == null ? "-" : deploy.providerStatus();
    return deploy.state() == DeployState.LIVE && !status.equals("live")
        ? status + " (live)"
        : status;
  }

  private static String id(RollbackPlan plan) {
    return Long.toString(plan.id());
  }
}
