package dev.opsbot.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a silence matches, Alertmanager-like: for each of rule, service and severity either nothing
 * (anything matches), equality with one of a list of values ({@code service=backend}), or a regular
 * expression the whole value must match ({@code service=~"erp|mrg"}). All given matchers must
 * match.
 */
public record SilenceMatchers(Match rule, Match service, Match severity) {
  static final List<String> FIELDS = List.of("rule", "service", "severity");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final int MAX_REGEX = 200;

  /**
   * One field's matcher: {@code anyOf} (equal to one of them) or {@code regex}; null fields:
   * absent.
   */
  public record Match(List<String> anyOf, String regex) {
    public Match {
      anyOf = anyOf == null ? null : List.copyOf(anyOf);
    }

    static Match equalTo(List<String> values) {
      return new Match(values, null);
    }

    boolean matches(String value) {
      return (anyOf == null || anyOf.contains(value))
          && (regex == null || Pattern.compile(regex).matcher(value).matches());
    }

    String describe(String field) {
      return anyOf != null ? field + "=" + String.join(",", anyOf) : field + "=~" + regex;
    }
  }

  public static final Match ANY = new Match(null, null);

  public SilenceMatchers {
    rule = rule == null ? ANY : rule;
    service = service == null ? ANY : service;
    severity = severity == null ? ANY : severity;
  }

  /** The window of a maintenance: the services named, any rule, any severity. */
  static SilenceMatchers services(List<String> services) {
    for (String service : services) {
      checkValue("service", service);
    }
    return new SilenceMatchers(ANY, Match.equalTo(services), ANY);
  }

  /**
   * Parses {@code field=value} and {@code field=~regex} tokens; at least one, each field once.
   *
   * @throws IllegalArgumentException saying what is wrong and what works
   */
  static SilenceMatchers parse(List<String> tokens) {
    Map<String, Match> byField = new LinkedHashMap<>();
    for (String token : tokens) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "'" + token + "' is not a matcher: write rule=..., service=... or severity=...");
      }
      String field = token.substring(0, eq);
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "'" + field + "' cannot be matched: only rule, service and severity can");
      }
      if (byField.containsKey(field)) {
        throw new IllegalArgumentException(field + " is matched twice: give it once");
      }
      boolean regex = token.startsWith("=~", eq);
      String value = unquote(token.substring(eq + (regex ? 2 : 1)));
      if (value.isEmpty()) {
        throw new IllegalArgumentException(field + " is matched against nothing: give a value");
      }
      byField.put(field, regex ? new Match(null, checkRegex(field, value)) : equal(field, value));
    }
    if (byField.isEmpty()) {
      throw new IllegalArgumentException(
          "a silence needs at least one matcher, such as service=backend");
    }
    return new SilenceMatchers(
        byField.get("rule"), byField.get("service"), byField.get("severity"));
  }

  boolean matches(String ruleId, String serviceName, String severityId) {
    return rule.matches(ruleId) && service.matches(serviceName) && severity.matches(severityId);
  }

  /** {@code service=backend severity=warning}; {@code everything} when it matches anything. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (rule != ANY) {
      parts.add(rule.describe("rule"));
    }
    if (service != ANY) {
      parts.add(service.describe("service"));
    }
    if (severity != ANY) {
      parts.add(severity.describe("severity"));
    }
    return parts.isEmpty() ? "everything" : String.join(" ", parts);
  }

  private static Match equal(String field, String value) {
    List<String> values = List.of(value.split(",", -1));
    values.forEach(v -> checkValue(field, v));
    return Match.equalTo(values);
  }

  private static void checkValue(String field, String value) {
    if (!VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a " + field + " name (letters, digits, _ . : -)");
    }
  }

  private static String checkRegex(String field, String regex) {
    if (regex.length() > MAX_REGEX) {
      throw new IllegalArgumentException(
          field + "=~ takes a regular expression of at most " + MAX_REGEX + " characters");
    }
    if (regex.contains("\\") || regex.contains("(?")) {
      // Java and PostgreSQL read escapes and flags differently: keep to what both read alike.
      throw new IllegalArgumentException(
          field + "=~ takes plain regular expressions: no backslashes and no (?...) groups");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "'" + regex + "' is not a regular expression: " + e.getDescription());
    }
    return regex;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
