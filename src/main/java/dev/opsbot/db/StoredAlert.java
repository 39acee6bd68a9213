package dev.opsbot.db;

import java.time.Instant;

/** An alert as the state database holds it. */
public record StoredAlert(
    long id,
    String ruleId,
    String service,
    String severity,
    StoredAlertState state,
    String summary,
    String value,
    String threshold,
    Instant openedAt,
    Instant firedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant snoozedUntil,
    Instant resolvedAt,
    String resolvedBy) {}
