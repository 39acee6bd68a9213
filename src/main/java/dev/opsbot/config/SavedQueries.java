package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contents of {@code commands/queries.yaml}: saved {@code /sql} queries by name. */
public record SavedQueries(Map<String, SavedQuery> queries) {
  public static final SavedQueries NONE = new SavedQueries(null);

  public SavedQueries {
    queries = queries == null ? Map.of() : new LinkedHashMap<>(queries);
  }
}
