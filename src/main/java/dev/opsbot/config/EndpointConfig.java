package dev.opsbot.config;

import java.util.Map;

/** A further JSON endpoint of a service (usage, scheduler, metrics) and the fields read from it. */
public record EndpointConfig(String path, Map<String, FieldPath> fields) {
  public EndpointConfig {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
