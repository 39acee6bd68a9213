package dev.opsbot.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.config.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload, version 4 (notify/webhook's Message: version, groupKey,
 * truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations, externalURL,
 * alerts[] with status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint): one
 * group, which becomes one {@link IntakeAlert} keyed by its groupKey.
 */
final class AlertmanagerPayload {
  static final int LONGEST_SUMMARY = 500;

  private final IntakeRules rules;

  AlertmanagerPayload(IntakeRules rules) {
    this.rules = rules;
  }

  IntakeAlert read(JsonNode root, String sourceName, IntakeSource source) throws PayloadProblem {
    if (!root.isObject()) {
      throw new PayloadProblem("expected Alertmanager's webhook object, got " + Json.kind(root));
    }
    String version = Json.text(root, "version", "", true);
    if (!"4".equals(version)) {
      throw new PayloadProblem(
          "version: '" + Text.cut(version, 20) + "' is not supported: Alertmanager sends \"4\"");
    }
    String groupKey = Json.text(root, "groupKey", "", true);
    if (groupKey.isBlank()) {
      throw new PayloadProblem("groupKey: empty");
    }
    boolean firing = status(Json.text(root, "status", "", true), "status");
    Map<String, String> groupLabels = Json.labels(root, "groupLabels", "");
    Map<String, String> commonLabels = Json.labels(root, "commonLabels", "");
    Map<String, String> commonAnnotations = Json.labels(root, "commonAnnotations", "");
    int truncated = truncated(root);
    List<IntakeMember> members = members(root);
    Map<String, String> routing = new LinkedHashMap<>(commonLabels);
    routing.putAll(groupLabels);
    Severity severity = severity(source, routing, members);
    String service = IntakeRules.service(source, sourceName, List.of(groupLabels, commonLabels));
    String ruleId = IntakeRules.ruleId(sourceName, rules.route(routing), severity);
    String summary = summary(sourceName, commonLabels, commonAnnotations, members);
    long firingNow = members.stream().filter(IntakeMember::firing).count();
    String value =
        firing
            ? firingNow
                + " firing"
                + (firingNow < members.size() ? " of " + members.size() : "")
                + (truncated > 0 ? " (+" + truncated + " not sent)" : "")
            : "resolved";
    StringBuilder content = new StringBuilder(firing ? "firing|" : "resolved|");
    content.append(summary).append('|').append(truncated);
    members.stream()
        .sorted(Comparator.comparing(IntakeMember::fingerprint))
        .forEach(m -> content.append('|').append(m.fingerprint()).append(m.firing() ? '+' : '-'));
    return new IntakeAlert(
        sourceName,
        groupKey,
        firing,
        ruleId,
        service,
        summary,
        value,
        groupLabels.isEmpty() ? commonLabels : groupLabels,
        members,
        Text.sha256(content.toString()));
  }

  private static boolean status(String status, String where) throws PayloadProblem {
    return switch (status) {
      case "firing" -> true;
      case "resolved" -> false;
      default ->
          throw new PayloadProblem(
              where + ": '" + Text.cut(status, 20) + "' is neither firing nor resolved");
    };
  }

  private static int truncated(JsonNode root) throws PayloadProblem {
    JsonNode node = root.get("truncatedAlerts");
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.canConvertToInt() || node.asInt() < 0 || !node.isIntegralNumber()) {
      throw new PayloadProblem("truncatedAlerts: expected a count, got " + Json.kind(node));
    }
    return node.asInt();
  }

  private static List<IntakeMember> members(JsonNode root) throws PayloadProblem {
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw new PayloadProblem(
          "alerts: expected an array of alerts, got "
              + (alerts == null ? "nothing" : Json.kind(alerts)));
    }
    if (alerts.isEmpty()) {
      throw new PayloadProblem("alerts: empty; Alertmanager sends at least one");
    }
    List<IntakeMember> members = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      JsonNode alert = alerts.get(i);
      String where = "alerts[" + i + "].";
      if (!alert.isObject()) {
        throw new PayloadProblem("alerts[" + i + "]: expected an object, got " + Json.kind(alert));
      }
      Map<String, String> labels = Json.labels(alert, "labels", where);
      if (labels.isEmpty()) {
        throw new PayloadProblem(where + "labels: missing or empty");
      }
      String fingerprint = Json.text(alert, "fingerprint", where, false);
      members.add(
          new IntakeMember(
              fingerprint == null || fingerprint.isBlank()
                  ? Text.sha256(labels.toString()).substring(0, 16)
                  : Text.cut(fingerprint, 64),
              status(Json.text(alert, "status", where, true), where + "status"),
              labels,
              Json.labels(alert, "annotations", where),
              Json.time(alert, "startsAt", where),
              Json.time(alert, "endsAt", where)));
    }
    return members;
  }

  /** The group's severity label; without one, the most severe of its alerts'. */
  private static Severity severity(
      IntakeSource source, Map<String, String> routing, List<IntakeMember> members) {
    if (routing.containsKey("severity")) {
      return IntakeRules.severity(source, routing.get("severity"));
    }
    return members.stream()
        .map(m -> IntakeRules.severity(source, m.labels().get("severity")))
        .min(Comparator.naturalOrder())
        .orElse(IntakeRules.severity(source, null));
  }

  private static String summary(
      String source,
      Map<String, String> commonLabels,
      Map<String, String> commonAnnotations,
      List<IntakeMember> members) {
    IntakeMember first = members.getFirst();
    String text =
        firstOf(
            commonAnnotations.get("summary"),
            commonAnnotations.get("description"),
            first.annotations().get("summary"),
            first.annotations().get("description"));
    String name = commonLabels.getOrDefault("alertname", first.labels().get("alertname"));
    if (text == null) {
      text = name != null ? name : "Alert from " + source;
    } else if (name != null && !text.contains(name)) {
      text = name + ": " + text;
    }
    if (members.size() > 1 && commonAnnotations.get("summary") == null) {
      text = text + " (and " + (members.size() - 1) + " more)";
    }
    return Text.cut(text.strip(), LONGEST_SUMMARY);
  }

  private static String firstOf(String... texts) {
    for (String text : texts) {
      if (text != null && !text.isBlank()) {
        return text;
      }
    }
    return null;
  }
}
