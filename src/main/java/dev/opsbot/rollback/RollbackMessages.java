package dev.opsbot.rollback;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The chat messages of /rollback: plans, deploy lists, progress and outcomes. */
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

  /** The plan, with Confirm and Cancel (and Approve when a second person must agree). */
  public static Message plan(
      RollbackPlan plan, String providerTitle, boolean needsApproval, Instant now) {
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
