package dev.opsbot.alert;

import dev.opsbot.access.Role;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Numbers;
import dev.opsbot.command.UsageException;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code /alerts}: every open alert with its state, age and who acknowledged it; and the
 * Acknowledge, Snooze and Resolve buttons of alert messages.
 */
public final class AlertsCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "alerts", "Open alerts: state, age, who acknowledged", List.of(), Role.VIEWER);
  private static final Duration BUTTON_SNOOZE = Duration.ofHours(1);

  private final AlertDesk desk;
  private final Clock clock;

  public AlertsCommand(AlertDesk desk, Clock clock) {
    this.desk = desk;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    if (!request.arguments().isEmpty()) {
      throw new UsageException("/alerts takes no arguments");
    }
    List<StoredAlert> open;
    Map<Long, String> marks;
    try {
      open = desk.openAlerts();
      marks = desk.openAlertMarks();
    } catch (StateUnavailableException e) {
      throw new CommandFailedException(
          "Open alerts are kept in the state database, which can't be read now: " + e.getMessage());
    }
    if (open.isEmpty()) {
      return Message.builder("No open alerts").text("No open alerts.").tone(Tone.GOOD).build();
    }
    long firing =
        open.stream()
            .filter(a -> a.state() == StoredAlertState.FIRING && !marks.containsKey(a.id()))
            .count();
    String title =
        open.size()
            + " open alert"
            + (open.size() == 1 ? "" : "s")
            + ", "
            + firing
            + " firing unacknowledged";
    return Message.builder(title)
        .header(title)
        .tone(firing > 0 ? Tone.DANGER : Tone.WARNING)
        .table(
            List.of("ID", "SEVERITY", "RULE", "SERVICE", "STATE", "AGE", "ACKNOWLEDGED BY"),
            open.stream()
                .map(a ->
                    List.of(
                        Long.toString(a.id()),
                        a.severity().id(),
                        a.ruleId(),
                        a.service(),
                        state(a, marks.get(a.id())),
                        HumanTime.age(
                            a.firedAt() != null ? a.firedAt() : a.openedAt(), clock.instant()),
                        a.acknowledgedBy() == null ? "" : a.acknowledgedBy()))
                .toList())
        .context("/ack <id>, /snooze <id> <duration>, /resolve <id>")
        .build();
  }

  /** The alert's state, and why it does not page on its own (silenced, folded) if it does not. */
  private String state(StoredAlert alert, String mark) {
    String state =
        alert.state() == StoredAlertState.SNOOZED && alert.snoozedUntil() != null
            ? "snoozed "
                + HumanTime.span(Duration.between(clock.instant(), alert.snoozedUntil()))
                + " more"
            : alert.state().id();
    return mark == null ? state : state + " (" + mark + ")";
  }

  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(
        button(AlertMessages.ACK, click -> desk.acknowledgeThread(id(click), click.caller())),
        button(
            AlertMessages.SNOOZE,
            click -> desk.snoozeThread(id(click), BUTTON_SNOOZE, click.caller())),
        button(AlertMessages.RESOLVE, click -> desk.resolveThread(id(click), click.caller())));
  }

  private static long id(ButtonClick click) {
    try {
      return Numbers.parseLong(click.value());
    } catch (NumberFormatException e) {
      throw new UsageException("this button names no alert (" + click.value() + ")");
    }
  }

  private static ButtonAction button(
      String actionId, java.util.function.Function<ButtonClick, AlertDesk.Response> action) {
    // Shown to the clicker only; the alert's own message is edited through the outbox.
    return ButtonAction.of(
        actionId, Role.ONCALL, click -> Message.ephemeral(action.apply(click).text()));
  }
}
