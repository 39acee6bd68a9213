package dev.opsbot.alert;

import dev.opsbot.config.Severity;
import java.time.Instant;

/**
 * An alert as the state database holds it; {@code reason} says why it fired, {@code incidentId} and
 * {@code channel} say where it is shown (all null before it fires), {@code escalatedAt} when the
 * on-call group was paged (null until then).
 */
public record StoredAlert(
    long id,
    String ruleId,
    String service,
    Severity severity,
    StoredAlertState state,
    String summary,
    String value,
    String threshold,
    String reason,
    Instant openedAt,
    Instant firedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant snoozedUntil,
    String snoozedBy,
    Instant resolvedAt,
    String resolvedBy,
    Long incidentId,
    String channel,
    Instant escalatedAt) {}
