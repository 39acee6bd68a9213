package dev.opsbot.probe;

import java.time.Duration;

/**
 * Where a probe's time went; a phase is null when it did not happen (no DNS for an IP address, no
 * TLS over plain HTTP, no connect on a pooled connection).
 */
public record PhaseTimings(Duration dns, Duration connect, Duration tls, Duration firstByte) {
  public static final PhaseTimings NONE = new PhaseTimings(null, null, null, null);
}
