package dev.opsbot.oncall;

import java.time.Instant;

/**
 * A stretch of time during which {@code person} is on call for {@code schedule}: from a layer of
 * the schedule ({@code layer} names it) or from an override ({@code overrideId} not null).
 */
public record Shift(
    String schedule, Person person, Instant start, Instant end, String layer, Long overrideId) {
  public boolean covers(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }

  public boolean isOverride() {
    return overrideId != null;
  }
}
