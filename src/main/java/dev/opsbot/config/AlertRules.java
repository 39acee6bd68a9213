package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code alerts/rules.yaml}: defaults, the channel for each severity, the rules.
 */
public record AlertRules(
    AlertDefaults defaults, Map<String, String> routes, List<AlertRule> rules) {
  public static final AlertRules NONE = new AlertRules(null, null, null);

  public AlertRules {
    defaults = defaults == null ? AlertDefaults.DEFAULT : defaults;
    routes = routes == null ? Map.of() : new LinkedHashMap<>(routes);
    rules =
        rules == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rules));
  }
}
