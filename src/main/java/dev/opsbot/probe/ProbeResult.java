package dev.opsbot.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One observation of a target, readable by a human: status, HTTP code, latency, version, and a
 * one-line reason such as "timed out after 5 s" or "HTTP 503".
 *
 * @param httpCode null when no HTTP response arrived
 * @param version null when the target does not report one
 * @param fields JSON values read by the configured paths, by field name
 */
public record ProbeResult(
    ProbeKey key,
    ProbeStatus status,
    Integer httpCode,
    Duration latency,
    PhaseTimings phases,
    String version,
    String reason,
    Map<String, JsonNode> fields,
    Instant at) {

  public ProbeResult {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    phases = phases == null ? PhaseTimings.NONE : phases;
  }

  public boolean isUp() {
    return status == ProbeStatus.UP;
  }

  public Optional<JsonNode> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }
}
