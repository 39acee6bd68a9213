package dev.opsbot.status;

import java.time.Instant;

/**
 * One heartbeat monitor (a scheduled job that pings) as the probe engine judges it now.
 *
 * @param health UP on time, DOWN late, UNKNOWN before the first judgement
 * @param lastPingAt the newest ping, null before the first
 * @param expectedBy the deadline it is measured against, null when unknown
 */
public record HeartbeatNow(
    String id, String name, Health health, Instant lastPingAt, Instant expectedBy) {}
