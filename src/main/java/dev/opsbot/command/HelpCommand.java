package dev.opsbot.command;

import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import java.util.List;
import java.util.function.Supplier;

/** {@code /help}: generated from every command's declaration, so it cannot drift. */
final class HelpCommand implements Command {
  private static final CommandSpec SPEC =
      new CommandSpec(
          "help", "List the commands and how to use them", List.of(), CommandSpec.EVERYONE);

  private final Supplier<List<CommandSpec>> specs;

  HelpCommand(Supplier<List<CommandSpec>> specs) {
    this.specs = specs;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    List<List<String>> rows =
        specs.get().stream()
            .map(spec -> List.of(spec.usage(), spec.summary(), spec.requiredRole().id()))
            .toList();
    return Message.builder("opsbot commands")
        .header("opsbot commands")
        .table(List.of("COMMAND", "WHAT IT DOES", "ROLE"), rows)
        .visibility(Visibility.EPHEMERAL)
        .build();
  }
}
