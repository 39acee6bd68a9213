package dev.opsbot.probe;

import java.util.Map;

/**
 * What others know about a service that {@code /health} shows beside its probe results: that it is
 * in a maintenance window now, so a DOWN there is expected and its alerts are held. The wiring
 * answers it from the alert desk, so {@code probe} does not use {@code alert}.
 */
@FunctionalInterface
public interface HealthNotes {
  /** A note by subject (service or database id): "in maintenance until 05:06 UTC (window 3)". */
  Map<String, String> now();

  HealthNotes NONE = Map::of;
}
