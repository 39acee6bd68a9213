package dev.opsbot.command;

import dev.opsbot.access.Caller;
import java.util.List;
import java.util.Set;

/**
 * A parsed command: its positional arguments and flags, the argument text as typed, who sent it,
 * and its audit note.
 */
public record CommandRequest(
    String name,
    List<String> arguments,
    Set<String> flags,
    String text,
    String argumentText,
    Caller caller,
    AuditNote note) {
  public CommandRequest {
    arguments = List.copyOf(arguments);
    flags = Set.copyOf(flags);
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  /** The positional argument at {@code index}, or null when absent. */
  public String argument(int index) {
    return index < arguments.size() ? arguments.get(index) : null;
  }
}
