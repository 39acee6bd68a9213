package dev.opsbot.audit;

import dev.opsbot.access.Caller;
import dev.opsbot.command.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the audit log: who did what, where, how it ended and how long it took. {@code kind} is
 * what was done, typed; {@code action} the text /audit shows for it (the command line with secrets
 * masked, or the kind's words and its subject); {@code detail} what the command added (row counts,
 * the rule that refused).
 */
public record AuditEntry(
    Instant at,
    String platform,
    String userId,
    String userName,
    String channel,
    AuditKind kind,
    String action,
    Outcome outcome,
    Duration duration,
    String detail) {

  /**
   * A row about what the caller did, with who and where taken from the caller, and the action text
   * worded from the kind and its {@code subject} (a command line, a button, a service).
   */
  public static AuditEntry of(
      Instant at,
      Caller caller,
      AuditKind kind,
      String subject,
      Outcome outcome,
      Duration duration,
      String detail) {
    return new AuditEntry(
        at,
        caller.platform(),
        caller.userId(),
        caller.userName(),
        caller.channelId(),
        kind,
        kind.describe(subject),
        outcome,
        duration,
        detail);
  }
}
