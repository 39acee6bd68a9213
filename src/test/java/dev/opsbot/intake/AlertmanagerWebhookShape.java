package dev.opsbot.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What Alertmanager's webhook payload, version 4, holds (its {@code notify/webhook} Message and
 * {@code template.Data}): each field the intake reads, with its type, as sentences naming the field
 * that is wrong.
 */
final class AlertmanagerWebhookShape {
  private AlertmanagerWebhookShape() {}

  /** What is wrong with {@code payload} as a v4 notification whose status is {@code status}. */
  static List<String> problems(JsonNode payload, String status) {
    List<String> problems = new ArrayList<>();
    if (!"4".equals(payload.path("version").asText(null))) {
      problems.add("version is " + payload.path("version") + ", not \"4\"");
    }
    text(payload, "groupKey", problems);
    text(payload, "receiver", problems);
    text(payload, "externalURL", problems);
    if (!payload.path("truncatedAlerts").isIntegralNumber()) {
      problems.add("truncatedAlerts is not a whole number");
    }
    if (!status.equals(payload.path("status").asText())) {
      problems.add("status is " + payload.path("status") + ", not \"" + status + "\"");
    }
    for (String labels : List.of("groupLabels", "commonLabels", "commonAnnotations")) {
      strings(payload, labels, problems);
    }
    JsonNode alerts = payload.path("alerts");
    if (!alerts.isArray() || alerts.isEmpty()) {
      problems.add("alerts is not a list of at least one alert");
      return problems;
    }
    for (int i = 0; i < alerts.size(); i++) {
      JsonNode alert = alerts.get(i);
      String at = "alerts[" + i + "].";
      String state = alert.path("status").asText();
      if (!state.equals("firing") && !state.equals("resolved")) {
        problems.add(at + "status is " + alert.path("status") + ", not firing or resolved");
      }
      strings(alert, "labels", problems, at);
      strings(alert, "annotations", problems, at);
      time(alert, "startsAt", problems, at);
      time(alert, "endsAt", problems, at);
      text(alert, "generatorURL", problems, at);
      if (alert.path("fingerprint").isMissingNode()) {
        problems.add(at + "fingerprint is missing");
      } else if (!alert.path("fingerprint").asText().matches("[0-9a-f]{16}")) {
        problems.add(at + "fingerprint " + alert.path("fingerprint") + " is not 16 hex digits");
      }
    }
    return problems;
  }

  private static void text(JsonNode node, String field, List<String> problems) {
    text(node, field, problems, "");
  }

  private static void text(JsonNode node, String field, List<String> problems, String at) {
    if (!node.path(field).isTextual()) {
      problems.add(at + field + " is not text");
    }
  }

  private static void strings(JsonNode node, String field, List<String> problems) {
    strings(node, field, problems, "");
  }

  private static void strings(JsonNode node, String field, List<String> problems, String at) {
    JsonNode map = node.path(field);
    if (!map.isObject()) {
      problems.add(at + field + " is not an object");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        problems.add(at + field + "." + entry.getKey() + " is not text");
      }
    }
  }

  private static void time(JsonNode node, String field, List<String> problems, String at) {
    try {
      Instant.parse(node.path(field).asText());
    } catch (DateTimeParseException e) {
      problems.add(at + field + " " + node.path(field) + " is not an RFC 3339 time");
    }
  }
}
