package dev.opsbot.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A further JSON endpoint of a service (usage, scheduler, metrics) and the fields read from it. */
public record EndpointConfig(String path, Map<String, FieldPath> fields) {
  public EndpointConfig {
    // Not Map.copyOf: a field without a valid path must reach the validator, not throw here.
    fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
