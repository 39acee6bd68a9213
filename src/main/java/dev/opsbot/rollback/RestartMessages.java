package dev.opsbot.rollback;

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
 * What /restart says: its plan, progress and outcomes. A restart plan shares the buttons, the lock
 * and the follow-up of /rollback; {@link RollbackMessages} hands restart plans here.
 */
final class RestartMessages {
  private RestartMessages() {}

  /** Render restarts the instances in place; Vercel builds the production deployment again. */
  static boolean inPlace(RollbackPlan plan) {
    return !"vercel".equals(plan.provider());
  }

  static String how(RollbackPlan plan) {
    return !inPlace(plan)
        ? "redeploy of " + plan.current().id() + " (a new build of it, then production moves to it)"
        : "restart of its instances (same deploy " + plan.current().id() + ")";
  }

  static Message plan(RollbackPlan plan, String providerTitle, boolean needsApproval, Instant now) {
    String headline = "Restart " + plan.service() + "? (plan #" + plan.id() + ")";
    Message.Builder message = Message.builder(headline).header(headline).tone(Tone.WARNING);
    message.fields(
        List.of(
            new Block.Field("Live now", RollbackMessages.describe(plan.current(), now)),
            new Block.Field("What happens", providerTitle + " " + how(plan)),
            new Block.Field("Provider", providerTitle + " " + plan.providerId()),
            new Block.Field("Asked by", plan.requester().display())));
    List<Block.Button> buttons = new ArrayList<>();
    String id = Long.toString(plan.id());
    boolean awaitingApproval = needsApproval && plan.approvedBy() == null;
    if (awaitingApproval) {
      message.text(
          "Four-eyes: a second on-call member must approve before "
              + plan.requester().display()
              + " or an admin confirms.");
      buttons.add(new Block.Button(RollbackMessages.APPROVE, "Approve", id, Tone.NEUTRAL));
    } else if (plan.approvedBy() != null) {
      message.text("Approved by " + plan.approvedBy() + ": it may be confirmed now.");
    }
    buttons.add(new Block.Button(RollbackMessages.CONFIRM, "Confirm restart", id, Tone.DANGER));
    buttons.add(new Block.Button(RollbackMessages.CANCEL, "Cancel", id, Tone.NEUTRAL));
    message.buttons(buttons);
    message.context(
        "Valid for "
            + HumanTime.span(Duration.between(plan.requestedAt(), plan.expiresAt()))
            + ". Only "
            + plan.requester().display()
            + " or an admin may confirm. Typed: /restart confirm "
            + plan.id()
            + " or /restart cancel "
            + plan.id()
            + (awaitingApproval ? " (approve: /restart approve " + plan.id() + ")" : "")
            + ".");
    return message.build();
  }

  static Message started(RollbackPlan plan, String providerTitle, String confirmedBy) {
    String text =
        "Restarting %s: confirmed by %s. %s is on it (%s); progress follows in this thread."
            .formatted(plan.service(), confirmedBy, providerTitle, how(plan));
    return Message.builder(text).text(text).tone(Tone.WARNING).build();
  }

  static Message confirmed(RollbackPlan plan, String providerTitle, String confirmedBy) {
    String text =
        "Restart #%d confirmed by %s: %s is restarting %s. Progress and the outcome follow in the"
            + " thread.";
    text = text.formatted(plan.id(), confirmedBy, providerTitle, plan.service());
    return Message.builder(text)
        .text(text)
        .tone(Tone.WARNING)
        .visibility(Visibility.IN_CHANNEL)
        .build();
  }

  static String didNotStart(RollbackPlan plan, String error) {
    return "Restart #%d of %s did not start: %s Nothing was restarted."
        .formatted(plan.id(), plan.service(), error);
  }

  static String mayHaveStarted(RollbackPlan plan, String error, String providerTitle) {
    return ("Restart #%d of %s: %s The restart may or may not have started; opsbot does not"
            + " retry it. Check the %s dashboard.")
        .formatted(plan.id(), plan.service(), error, providerTitle);
  }

  static String deployFailed(
      RollbackPlan plan, String reason, String newDeploy, String providerTitle) {
    if (inPlace(plan)) {
      return "Restart of %s failed: %s. Look at its logs (/logs %s) and the %s dashboard."
          .formatted(plan.service(), reason, plan.service(), providerTitle);
    }
    return "Redeploy of %s failed: %s (%s). %s may still be serving; check the %s dashboard."
        .formatted(plan.service(), reason, newDeploy, plan.current().id(), providerTitle);
  }

  static String notLiveAfter(
      RollbackPlan plan, Duration timeout, String lastStatus, String providerTitle) {
    return ("Restart of %s is not live after %s (last status %s). opsbot stopped following it;"
            + " check the %s dashboard.")
        .formatted(plan.service(), HumanTime.span(timeout), lastStatus, providerTitle);
  }

  /**
   * The restart was never shown taking effect: the health seen is not its outcome. {@code
   * lastError} is the last failed read of the provider's events, if any.
   */
  static String notConfirmed(
      RollbackPlan plan, String providerTitle, Duration timeout, String health, String lastError) {
    return ("%s did not confirm the restart of %s within %s (no %s event%s). /health as seen now:"
            + " %s; that may still be the old instance, so opsbot does not claim it restarted."
            + " Check the %s dashboard and /logs %s.")
        .formatted(
            providerTitle,
            plan.service(),
            HumanTime.span(timeout),
            RenderRestartEvents.RESTARTED,
            lastError == null ? "" : "; last error: " + lastError,
            health,
            providerTitle,
            plan.service());
  }

  /** Render reported the restart done, or Vercel the new deployment ready. */
  static Message live(
      RollbackPlan plan, String providerTitle, Duration toLive, Duration healthTimeout) {
    if (inPlace(plan)) {
      return RollbackMessages.step(
          "%s reports %s restarted (%s) after %s; probing it until it is healthy (up to %s)."
              .formatted(
                  providerTitle,
                  plan.service(),
                  RenderRestartEvents.RESTARTED,
                  RollbackMessages.span(toLive),
                  HumanTime.span(healthTimeout)));
    }
    return RollbackMessages.step(
        "%s took the restart of %s after %s; probing it until it is healthy (up to %s)."
            .formatted(
                providerTitle,
                plan.service(),
                RollbackMessages.span(toLive),
                HumanTime.span(healthTimeout)));
  }

  static String restarted(RollbackPlan plan, Duration took, ProbeResult result) {
    return "Restarted %s in %s; /health UP %s%s."
        .formatted(
            plan.service(),
            RollbackMessages.span(took),
            HumanTime.latency(result.latency()),
            result.version() == null ? "" : ", version " + result.version());
  }

  static String notVerified(
      RollbackPlan plan, String providerTitle, String health, Duration healthTimeout) {
    return ("Restarted %s at %s, but /health is still %s after %s: the restart did not bring it"
            + " back. Look at its logs (/logs %s).")
        .formatted(
            plan.service(), providerTitle, health, HumanTime.span(healthTimeout), plan.service());
  }
}
