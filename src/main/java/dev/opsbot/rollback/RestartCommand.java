package dev.opsbot.rollback;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.RunbookAction;
import dev.opsbot.command.UsageException;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.ThreadReplies;
import java.util.List;

/**
 * {@code /restart <service>}: plans a restart (Render) or a redeploy of the production deployment
 * (Vercel) with the same Confirm/Cancel buttons, lock and audit as /rollback; {@code /restart
 * confirm|cancel|approve <plan>} for chats without buttons.
 */
public final class RestartCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "restart",
          "Restart a service (Render) or redeploy it (Vercel), after a confirmation (oncall)",
          List.of(
              Argument.required("service", "the service to restart; or confirm, cancel, approve"),
              Argument.optional("plan", "the plan number after confirm, cancel or approve")),
          Role.ONCALL);

  private final RollbackService rollbacks;
  private final ThreadReplies replies;

  public RestartCommand(RollbackService rollbacks) {
    this(rollbacks, null);
  }

  /**
   * @param replies where the Restart and Roll back buttons of an alert answer; null without alerts
   */
  public RestartCommand(RollbackService rollbacks, ThreadReplies replies) {
    this.rollbacks = rollbacks;
    this.replies = replies;
  }

  /**
   * The Restart and Roll back buttons of an alert's runbook actions: the same plan, permission and
   * confirmation as the typed command, the plan posted in the alert's thread and reporting there.
   */
  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(
        ButtonAction.of(
            RunbookAction.Kind.RESTART.actionId(),
            Role.ONCALL,
            click -> RollbackCommand.guarded(() -> runbook(RunbookAction.Kind.RESTART, click))),
        ButtonAction.of(
            RunbookAction.Kind.ROLLBACK.actionId(),
            Role.ONCALL,
            click -> RollbackCommand.guarded(() -> runbook(RunbookAction.Kind.ROLLBACK, click))));
  }

  private Message runbook(RunbookAction.Kind kind, ButtonClick click) {
    RunbookAction action = RunbookAction.of(kind, click.value());
    String channel = ChatAddress.of(click.caller().platform(), click.caller().channelId());
    String thread = replies == null || channel == null ? null : action.thread();
    RollbackPlan plan =
        kind == RunbookAction.Kind.RESTART
            ? rollbacks.restart(action.service(), click.caller(), thread)
            : rollbacks.plan(action.service(), null, click.caller(), false, thread);
    Message shown = rollbacks.planMessage(plan);
    if (thread == null) {
      return shown;
    }
    replies.reply(channel, thread, plan.action().id() + "-plan-" + plan.id(), shown);
    return Message.ephemeral(
        plan.action().title()
            + " plan #"
            + plan.id()
            + " of "
            + plan.service()
            + " is posted in the alert's thread: confirm it there.");
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    if (request.arguments().isEmpty() || request.arguments().size() > 2) {
      throw new UsageException(
          "give the service to restart"
              + (rollbacks.services().isEmpty()
                  ? ""
                  : " (" + String.join(", ", rollbacks.services()) + ")"));
    }
    String first = request.argument(0);
    String second = request.argument(1);
    if (RollbackCommand.PLAN_VERBS.contains(first)) {
      return RollbackCommand.onPlan(rollbacks, request, "/restart");
    }
    if (second != null) {
      throw new UsageException("/restart takes only the service: /restart " + first);
    }
    return RollbackCommand.guarded(() -> {
      RollbackPlan plan = rollbacks.restart(first, request.caller(), null);
      request.note().set("plan=" + plan.id() + " restart");
      return rollbacks.planMessage(plan);
    });
  }
}
