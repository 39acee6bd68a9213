package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.util.LinkedHashMap;
import java.util.Map;

/** A query the operators wrote once for everyone to run by name, with named parameters. */
public record SavedQuery(
    String description, String database, String sql, Map<String, QueryParameter> parameters) {
  public SavedQuery {
    description = requireNonNullElse(description, "");
    parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
  }
}
