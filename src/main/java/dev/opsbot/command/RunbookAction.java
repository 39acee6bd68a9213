package dev.opsbot.command;

import java.util.Locale;

/**
 * One action an alert rule offers as a button in the alert's thread (restart, rollback, logs over a
 * window, a saved query), and how its button carries it: the action id names the kind, the value
 * the service, the thread to answer in and the argument, within Discord's 100 characters.
 *
 * @param thread the outbox key of the alert's parent message: the answer is a reply to it
 * @param argument the window of {@code logs} (15m), the saved query of {@code sql}; null otherwise
 */
public record RunbookAction(Kind kind, String service, String thread, String argument) {
  private static final String SEPARATOR = "~";

  /** What a runbook button does. */
  public enum Kind {
    RESTART("Restart"),
    ROLLBACK("Roll back"),
    LOGS("Logs"),
    SQL("Query");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The action id of its buttons: {@code runbook.restart}, ... */
    public String actionId() {
      return "runbook." + name().toLowerCase(Locale.ROOT);
    }

    public String label() {
      return label;
    }
  }

  /**
   * The action a rule names ({@code restart}, {@code rollback}, {@code logs 15m}, {@code sql
   * failed-jobs}) for one alert; null when the text names none.
   */
  public static RunbookAction parse(String text, String service, String thread) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] words = text.strip().split("\\s+", 2);
    String argument = words.length > 1 ? words[1].strip() : null;
    Kind kind =
        switch (words[0].toLowerCase(Locale.ROOT)) {
          case "restart" -> Kind.RESTART;
          case "rollback" -> Kind.ROLLBACK;
          case "logs" -> Kind.LOGS;
          case "sql" -> Kind.SQL;
          default -> null;
        };
    return kind == null ? null : new RunbookAction(kind, service, thread, argument);
  }

  /** The button's label: "Restart", "Logs (15m)", "Query failed-jobs". */
  public String label() {
    return argument == null ? kind.label() : kind.label() + " (" + argument + ")";
  }

  /** The button's value: service, thread and argument. */
  public String value() {
    return service + SEPARATOR + thread + SEPARATOR + (argument == null ? "" : argument);
  }

  /** The action a click on a button of {@code kind} with {@code value} asks for. */
  public static RunbookAction of(Kind kind, String value) {
    String[] parts = value == null ? new String[0] : value.split(SEPARATOR, -1);
    if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new UsageException("this button names no service and alert (" + value + ")");
    }
    return new RunbookAction(kind, parts[0], parts[1], parts[2].isBlank() ? null : parts[2]);
  }
}
