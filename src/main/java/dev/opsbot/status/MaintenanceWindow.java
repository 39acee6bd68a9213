package dev.opsbot.status;

import java.time.Instant;

/** Planned work on a service, shown on the page from {@code from} until {@code to}. */
public record MaintenanceWindow(String title, String service, Instant from, Instant to) {}
