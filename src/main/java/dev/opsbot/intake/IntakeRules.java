package dev.opsbot.intake;

import dev.opsbot.alert.ExternalRule;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.IntakeSettings.IntakeRoute;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.config.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Routing as data: the first route whose labels all match decides the channel and the escalation
 * policy, else {@code default} (the severity's route and policy of the rules file). Each source,
 * route and severity is a pseudo rule {@code <source>/<route>/<severity>} of the alert desk, so
 * {@code /silence rule=...} and the escalation policies apply to them as to any rule.
 */
public final class IntakeRules {
  static final String DEFAULT_ROUTE = "default";

  private final IntakeSettings settings;

  public IntakeRules(IntakeSettings settings) {
    this.settings = settings;
  }

  /** Every pseudo rule, for the desk to know before it starts. */
  public List<ExternalRule> externalRules() {
    List<ExternalRule> rules = new ArrayList<>();
    for (String source : settings.sources().keySet()) {
      for (Severity severity : Severity.values()) {
        for (IntakeRoute route : settings.routes()) {
          rules.add(
              new ExternalRule(
                  ruleId(source, route.name(), severity),
                  severity,
                  route.channel(),
                  route.policy()));
        }
        rules.add(new ExternalRule(ruleId(source, DEFAULT_ROUTE, severity), severity, null, null));
      }
    }
    return rules;
  }

  /** The name of the first route matching {@code labels}. */
  String route(Map<String, String> labels) {
    for (IntakeRoute route : settings.routes()) {
      boolean all =
          route.match().entrySet().stream()
              .allMatch(e -> e.getValue() != null && e.getValue().equals(labels.get(e.getKey())));
      if (all) {
        return route.name();
      }
    }
    return DEFAULT_ROUTE;
  }

  static String ruleId(String source, String route, Severity severity) {
    return source + "/" + route + "/" + severity.id();
  }

  /** The source's word for a severity as opsbot's; unknown or missing words are its default. */
  static Severity severity(IntakeSource source, String word) {
    String mapped =
        word == null ? null : source.severities().get(word.strip().toLowerCase(Locale.ROOT));
    return Severity.of(mapped != null ? mapped : source.defaultSeverity());
  }

  /** The service: the first of the source's service labels present, else the source's name. */
  static String service(IntakeSource source, String name, List<Map<String, String>> labelSets) {
    for (String label : source.serviceLabels()) {
      for (Map<String, String> labels : labelSets) {
        String value = labels.get(label);
        if (value != null && !value.isBlank()) {
          return Text.cut(value.strip(), 100);
        }
      }
    }
    return name;
  }
}
