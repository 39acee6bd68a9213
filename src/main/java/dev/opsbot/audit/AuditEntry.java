package dev.opsbot.audit;

import dev.opsbot.command.Outcome;
import dev.opsbot.access.Caller;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the audit log: who did what, where, how it ended and how long it took. {@code action}
 * is the command text with secrets masked; {@code detail} what the command added (row counts, the
 * rule that refused).
 */
public record AuditEntry(
    Instant at,
    String platform,
    String userId,
    String userName,
    String channel,
    String action,
    Outcome outcome,
    Duration duration,
    String detail) {

  /** A row about what the caller did, with who and where taken from the caller. */
  public static AuditEntry of(
      Instant at, Caller caller, String action, Outcome outcome, Duration duration, String detail) {
    return new AuditEntry(
        at,
        caller.platform(),
        caller.userId(),
        caller.userName(),
        caller.channelId(),
        action,
        outcome,
        duration,
        detail);
  }
}
