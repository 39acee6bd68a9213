package dev.opsbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.probe.PhaseTimings;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Probe results for tests, built the way the probes build them. */
public final class Results {
  private Results() {}

  public static ProbeResult up(ProbeKey key, int millis, String version, Instant at) {
    return new ProbeResult(
        key,
        ProbeStatus.UP,
        200,
        Duration.ofMillis(millis),
        new PhaseTimings(
            Duration.ofMillis(3),
            Duration.ofMillis(11),
            Duration.ofMillis(24),
            Duration.ofMillis(millis - 5)),
        version,
        "ok",
        Map.of(),
        at);
  }

  public static ProbeResult withFields(
      ProbeKey key, ProbeStatus status, int millis, Map<String, JsonNode> fields, Instant at) {
    return new ProbeResult(
        key, status, 200, Duration.ofMillis(millis), null, null, "ok", fields, at);
  }

  public static ProbeResult status(
      ProbeKey key, ProbeStatus status, Integer code, int millis, String reason, Instant at) {
    return new ProbeResult(
        key, status, code, Duration.ofMillis(millis), null, null, reason, Map.of(), at);
  }
}
