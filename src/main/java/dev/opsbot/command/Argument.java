package dev.opsbot.command;

/**
 * One argument a command takes: a positional value, or a {@code --flag}. Slack usage hints, Discord
 * options and {@code /help} are all generated from these.
 */
public record Argument(String name, String description, Kind kind, boolean required) {
  public enum Kind {
    VALUE,
    FLAG,
    /** The rest of the line as typed, spaces and dashes included (a SQL query). */
    TEXT
  }

  public static Argument optional(String name, String description) {
    return new Argument(name, description, Kind.VALUE, false);
  }

  public static Argument required(String name, String description) {
    return new Argument(name, description, Kind.VALUE, true);
  }

  public static Argument text(String name, String description) {
    return new Argument(name, description, Kind.TEXT, true);
  }

  public static Argument flag(String name, String description) {
    return new Argument(name, description, Kind.FLAG, false);
  }

  String usage() {
    return switch (kind) {
      case FLAG -> "[--" + name + "]";
      case VALUE, TEXT -> required ? "<" + name + ">" : "[" + name + "]";
    };
  }
}
