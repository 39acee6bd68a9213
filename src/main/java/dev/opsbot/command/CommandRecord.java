package dev.opsbot.command;

import dev.opsbot.access.Caller;
import java.time.Duration;
import java.time.Instant;

/**
 * One command or click as the router saw it: when, who, what ({@code subject} is the command line
 * with secrets masked, or the button's action id), how it ended, how long it took, and the note the
 * command added.
 */
public record CommandRecord(
    Instant at,
    Caller caller,
    Kind kind,
    String subject,
    Outcome outcome,
    Duration duration,
    String detail) {

  /** Whether a command was typed or a button clicked. */
  public enum Kind {
    COMMAND,
    CLICK
  }
}
