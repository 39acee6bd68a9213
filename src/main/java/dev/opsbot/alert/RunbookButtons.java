package dev.opsbot.alert;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.RunbookAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbook actions a rule names (restart, rollback, logs, a saved query), as buttons on its
 * alert's message: a click starts the same guarded flow as the typed command, and the answer goes
 * into the alert's thread. The typed commands are shown too, for chats without buttons.
 */
final class RunbookButtons {
  private RunbookButtons() {}

  static void add(Message.Builder message, Incident incident, String thread) {
    String service = incident.key().service();
    List<Block.Button> buttons = new ArrayList<>();
    List<String> typed = new ArrayList<>();
    for (String text : incident.rule().actions()) {
      RunbookAction action = RunbookAction.parse(text, service, thread);
      if (action == null) {
        continue;
      }
      Tone style = action.kind() == RunbookAction.Kind.LOGS ? Tone.NEUTRAL : Tone.WARNING;
      buttons.add(
          new Block.Button(action.kind().actionId(), action.label(), action.value(), style));
      typed.add(typed(action));
    }
    if (!buttons.isEmpty()) {
      message.buttons(buttons);
      message.context("Runbook actions, typed: " + String.join(" \u00b7 ", typed));
    }
  }

  private static String typed(RunbookAction action) {
    return switch (action.kind()) {
      case RESTART -> "/restart " + action.service();
      case ROLLBACK -> "/rollback " + action.service();
      case LOGS ->
          "/logs "
              + action.service()
              + (action.argument() == null ? "" : " --since " + action.argument());
      case SQL -> "/sql " + action.argument();
    };
  }
}
