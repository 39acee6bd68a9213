package dev.opsbot.rollback;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Numbers;
import dev.opsbot.command.RefusedException;
import dev.opsbot.command.UsageException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /rollback <service> [list|deploy-id] [--force]}: plans a rollback with Confirm/Cancel
 * buttons; {@code /rollback confirm|cancel|approve <plan>} does what the buttons do, for chats
 * without buttons (the console).
 */
public final class RollbackCommand implements Command {
  /** What /rollback and /restart do to a plan by its number: {@code /rollback confirm 3}. */
  static final Set<String> PLAN_VERBS = Set.of("confirm", "cancel", "approve");

  public static final CommandSpec SPEC =
      new CommandSpec(
          "rollback",
          "Roll a service back to an earlier deploy, after a confirmation (oncall)",
          List.of(
              Argument.required(
                  "service", "the service to roll back; or confirm, cancel or approve"),
              Argument.optional(
                  "deploy",
                  "a deploy id to roll back to (default: the last one that was live), list to"
                      + " see the latest, autodeploy-off, or the plan number after confirm"),
              Argument.flag("force", "admins: roll back even while a deploy is in progress")),
          Role.ONCALL);

  private final RollbackService rollbacks;

  public RollbackCommand(RollbackService rollbacks) {
    this.rollbacks = rollbacks;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    if (request.arguments().isEmpty() || request.arguments().size() > 2) {
      throw new UsageException(
          "give the service to roll back"
              + (rollbacks.services().isEmpty()
                  ? ""
                  : " (" + String.join(", ", rollbacks.services()) + ")"));
    }
    String first = request.argument(0);
    String second = request.argument(1);
    if (PLAN_VERBS.contains(first)) {
      return onPlan(rollbacks, request, "/rollback");
    }
    if ("list".equals(second)) {
      return guarded(() -> rollbacks.list(first));
    }
    if ("autodeploy-off".equals(second)) {
      return guarded(() -> rollbacks.disableAutoDeploy(first, request.caller()));
    }
    return guarded(() -> {
      RollbackPlan plan = rollbacks.plan(first, second, request.caller(), request.flag("force"));
      request.note().set("plan=" + plan.id() + " target=" + plan.target().id());
      return rollbacks.planMessage(plan);
    });
  }

  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(
        button(
            RollbackMessages.CONFIRM,
            click -> rollbacks.confirm(planId(click.value()), click.caller())),
        button(
            RollbackMessages.CANCEL,
            click -> rollbacks.cancel(planId(click.value()), click.caller())),
        button(
            RollbackMessages.APPROVE,
            click -> rollbacks.approve(planId(click.value()), click.caller())),
        button(
            RollbackMessages.AUTO_DEPLOY_OFF,
            click -> rollbacks.disableAutoDeploy(click.value(), click.caller())));
  }

  private static ButtonAction button(
      String actionId, java.util.function.Function<ButtonClick, Message> action) {
    return ButtonAction.of(actionId, Role.ONCALL, click -> guarded(() -> action.apply(click)));
  }

  /** {@code <command> confirm|cancel|approve <plan>}, the same for a rollback and a restart. */
  static Message onPlan(RollbackService rollbacks, CommandRequest request, String command) {
    String verb = request.argument(0);
    String number = request.argument(1);
    if (number == null) {
      throw new UsageException("give the plan number: " + command + " " + verb + " <plan>");
    }
    long plan = planId(number);
    request.note().set("plan=" + plan);
    return guarded(() ->
        switch (verb) {
          case "confirm" -> rollbacks.confirm(plan, request.caller());
          case "cancel" -> rollbacks.cancel(plan, request.caller());
          default -> rollbacks.approve(plan, request.caller());
        });
  }

  /** Refusals and provider failures become replies that say what to do, not stack traces. */
  static Message guarded(Supplier<Message> action) {
    try {
      return action.get();
    } catch (RollbackRefused e) {
      if (e.policy()) {
        throw new RefusedException(e.getMessage());
      }
      throw new CommandFailedException(e.getMessage());
    } catch (ProviderException e) {
      throw new CommandFailedException(e.getMessage());
    }
  }

  static long planId(String text) {
    try {
      return Numbers.parseLong(text.startsWith("#") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      throw new UsageException("'" + text + "' is not a plan number: the plan message shows it");
    }
  }
}
