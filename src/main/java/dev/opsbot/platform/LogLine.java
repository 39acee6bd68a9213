package dev.opsbot.platform;

import java.time.Instant;

/**
 * One log line as a platform gave it, its text already masked.
 *
 * @param level the platform's level word (error, info, ...); null when it gives none
 */
public record LogLine(Instant at, String level, String text) {}
