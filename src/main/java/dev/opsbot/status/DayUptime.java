package dev.opsbot.status;

import java.time.LocalDate;

/** One UTC day of a target's recorded probes: how many, and how many answered (up or degraded). */
public record DayUptime(LocalDate day, long samples, long answered) {}
