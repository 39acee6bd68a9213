package dev.opsbot.alert;

import java.time.Instant;

/** One change of an alert's state: from, to, who (null for opsbot itself), when, why. */
public record AlertTransition(
    long alertId, StoredAlertState from, StoredAlertState to, String by, Instant at, String note) {}
