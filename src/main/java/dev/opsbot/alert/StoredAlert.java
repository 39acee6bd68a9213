package dev.opsbot.alert;

import dev.opsbot.config.Severity;
import java.time.Instant;

/**
 * An alert as the state database holds it; {@code incidentId} and {@code channel} say where it is
 * shown once fired (null before).
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
    Instant openedAt,
    Instant firedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant snoozedUntil,
    Instant resolvedAt,
    String resolvedBy,
    Long incidentId,
    String channel) {}
