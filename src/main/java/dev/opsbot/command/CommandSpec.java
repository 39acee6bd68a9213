package dev.opsbot.command;

import dev.opsbot.access.Role;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything declared about a command in one place: its name, what it does, its arguments and the
 * role it needs.
 */
public record CommandSpec(
    String name, String summary, List<Argument> arguments, Role requiredRole) {
  public static final Role EVERYONE = Role.VIEWER;

  public CommandSpec {
    arguments = List.copyOf(arguments);
  }

  /** The usage line, such as {@code /health [service|all] [--fresh]}. */
  public String usage() {
    return Stream.concat(Stream.of("/" + name), arguments.stream().map(Argument::usage))
        .collect(Collectors.joining(" "));
  }

  /** True when the command takes the rest of the line as typed, with no flag parsing. */
  public boolean takesText() {
    return arguments.stream().anyMatch(a -> a.kind() == Argument.Kind.TEXT);
  }

  public boolean acceptsFlag(String flag) {
    return arguments.stream()
        .anyMatch(a -> a.kind() == Argument.Kind.FLAG && a.name().equals(flag));
  }
}
