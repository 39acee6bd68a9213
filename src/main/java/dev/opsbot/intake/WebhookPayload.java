package dev.opsbot.intake;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.config.IntakeSource.IntakeMapping;
import dev.opsbot.config.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any JSON read through a source's {@link IntakeMapping}: JSON pointers, each field a list tried in
 * order. Every alert of the body (one, or each element of {@code alerts}) becomes an {@link
 * IntakeAlert} keyed by its dedup key.
 */
final class WebhookPayload {
  private final IntakeRules rules;

  WebhookPayload(IntakeRules rules) {
    this.rules = rules;
  }

  List<IntakeAlert> read(JsonNode root, String sourceName, IntakeSource source)
      throws PayloadProblem {
    IntakeMapping mapping = source.mapping();
    List<JsonNode> alerts = new ArrayList<>();
    String prefix;
    if (mapping.alerts().isEmpty()) {
      alerts.add(root);
      prefix = "";
    } else {
      JsonNode array = root.at(JsonPointer.compile(mapping.alerts()));
      if (!array.isArray()) {
        throw new PayloadProblem(
            mapping.alerts()
                + ": expected an array of alerts, got "
                + (array.isMissingNode() ? "nothing" : Json.kind(array)));
      }
      array.forEach(alerts::add);
      prefix = mapping.alerts();
    }
    if (alerts.isEmpty()) {
      throw new PayloadProblem(prefix + ": no alerts in the payload");
    }
    List<IntakeAlert> read = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      String where = mapping.alerts().isEmpty() ? "" : prefix + "/" + i;
      read.add(alert(alerts.get(i), where, sourceName, source));
    }
    return read;
  }

  private IntakeAlert alert(JsonNode alert, String where, String sourceName, IntakeSource source)
      throws PayloadProblem {
    IntakeMapping mapping = source.mapping();
    String title = required(alert, mapping.title(), where, "title");
    String dedupKey = required(alert, mapping.dedupKey(), where, "dedupKey");
    String status = first(alert, mapping.status(), where);
    boolean firing = status == null || !mapping.resolvedValues().contains(status);
    Map<String, String> labels =
        mapping.labels().isEmpty()
                || alert.at(JsonPointer.compile(mapping.labels())).isMissingNode()
            ? Map.of()
            : Json.labels(
                alert.at(JsonPointer.compile(mapping.labels())), where + mapping.labels());
    Severity severity = IntakeRules.severity(source, first(alert, mapping.severity(), where));
    String service = first(alert, mapping.service(), where);
    if (service == null || service.isBlank()) {
      service = IntakeRules.service(source, sourceName, List.of(labels));
    }
    String summary = Text.cut(title.strip(), AlertmanagerPayload.LONGEST_SUMMARY);
    String key = Text.cut(dedupKey, 500);
    return new IntakeAlert(
        sourceName,
        key,
        firing,
        IntakeRules.ruleId(sourceName, rules.route(labels), severity),
        Text.cut(service.strip(), 100),
        summary,
        firing ? "firing" : "resolved",
        labels,
        List.of(new IntakeMember(key, firing, labels, Map.of(), null, null)),
        Text.sha256((firing ? "firing|" : "resolved|") + severity + "|" + service + "|" + summary));
  }

  private static String required(JsonNode alert, List<String> pointers, String where, String what)
      throws PayloadProblem {
    String value = first(alert, pointers, where);
    if (value == null || value.isBlank()) {
      throw new PayloadProblem(
          (where.isEmpty() ? "" : where + ": ")
              + "no "
              + what
              + " at "
              + String.join(" or ", pointers));
    }
    return value;
  }

  /** The first pointer with a value (a string, number or boolean), as text; null if none has. */
  private static String first(JsonNode alert, List<String> pointers, String where)
      throws PayloadProblem {
    for (String pointer : pointers) {
      JsonNode value = alert.at(JsonPointer.compile(pointer));
      if (value.isMissingNode() || value.isNull()) {
        continue;
      }
      if (!value.isValueNode()) {
        throw new PayloadProblem(where + pointer + ": expected a string, got " + Json.kind(value));
      }
      if (!value.asText().isBlank()) {
        return Json.noNul(value.asText(), where + pointer);
      }
    }
    return null;
  }
}
