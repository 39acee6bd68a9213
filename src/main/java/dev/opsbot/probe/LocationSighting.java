package dev.opsbot.probe;

import java.time.Instant;

/** What one location last saw of one target: the verdict a replica there stored. */
public record LocationSighting(
    ProbeKey key, String location, ProbeStatus status, String reason, Instant at) {

  static LocationSighting of(String location, ProbeResult result) {
    return new LocationSighting(
        result.key(), location, result.status(), result.reason(), result.at());
  }

  boolean down() {
    return status == ProbeStatus.DOWN;
  }
}
