package dev.opsbot.alert;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.RefusedException;
import dev.opsbot.command.UsageException;
import java.util.List;

/**
 * {@code /page <policy-or-person> <text>}: a person noticed something and raises an alert by hand,
 * which pages the named escalation policy (or the named person, once) like any critical alert.
 */
public final class PageCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "page",
          "Raise an alert by hand and page a policy or a person",
          List.of(
              Argument.text(
                  "policy-or-person text",
                  "an escalation policy or a person of people:, then what is wrong")),
          Role.ONCALL);

  private final AlertDesk desk;

  public PageCommand(AlertDesk desk) {
    this.desk = desk;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    String line = request.argumentText() == null ? "" : request.argumentText().strip();
    if (line.isEmpty()) {
      throw new UsageException("give a policy or a person, then what is wrong");
    }
    String[] parts = line.split("\\s+", 2);
    String target = parts[0];
    String text = parts.length > 1 ? parts[1] : "";
    request.note().set("target=" + target);
    AlertDesk.Response response = desk.page(target, text, request.caller());
    if (!response.changed()) {
      throw new RefusedException(response.text());
    }
    return Message.builder(response.text())
        .text(response.text())
        .tone(Tone.GOOD)
        .visibility(Visibility.EPHEMERAL)
        .build();
  }
}
