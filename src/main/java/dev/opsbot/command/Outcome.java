package dev.opsbot.command;

import java.util.Locale;

/** How a command or click ended, as the audit log records it. */
public enum Outcome {
  OK,
  REFUSED,
  ERROR;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
