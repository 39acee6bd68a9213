package dev.opsbot.command;

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
    String detail) {}
