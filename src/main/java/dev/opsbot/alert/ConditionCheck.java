package dev.opsbot.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.config.AlertCondition;
import dev.opsbot.config.AlertRule;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeKind;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/** Decides whether one rule's condition holds for the latest probe result of the key it reads. */
public final class ConditionCheck {
  private ConditionCheck() {}

  /**
   * Whether the rule reads this probe key: status rules read a service's health, field rules one
   * endpoint of a service; either only for the rule's services when it lists any.
   */
  public static boolean reads(AlertRule rule, ProbeKey key) {
    if (!rule.services().isEmpty() && !rule.services().contains(key.subject())) {
      return false;
    }
    AlertCondition when = rule.when();
    if (when.onHeartbeat()) {
      return key.kind() == ProbeKind.HEARTBEAT;
    }
    if (when.onStatus()) {
      // A database that services depend on pages when it is down (their alerts fold into it).
      return key.kind() == ProbeKind.SERVICE_HEALTH
          || (key.kind() == ProbeKind.DATABASE && "DOWN".equalsIgnoreCase(when.status().trim()));
    }
    return key.kind() == ProbeKind.SERVICE_ENDPOINT && key.check().equals(when.endpoint());
  }

  /** The probe key a rule reads for one service. */
  public static ProbeKey probeKey(AlertRule rule, String service) {
    AlertCondition when = rule.when();
    if (when.onHeartbeat()) {
      return ProbeKey.heartbeat(service);
    }
    return when.onStatus() ? ProbeKey.health(service) : ProbeKey.endpoint(service, when.endpoint());
  }

  public static ConditionResult check(AlertRule rule, ProbeResult result) {
    AlertCondition when = rule.when();
    if (when.onHeartbeat()) {
      // The heartbeat's probe is DOWN exactly while its job is late or failing.
      return checkStatus(ProbeStatus.DOWN.name(), result);
    }
    return when.onStatus() ? checkStatus(when.status(), result) : checkField(when, result);
  }

  private static ConditionResult checkStatus(String wantedText, ProbeResult result) {
    ProbeStatus wanted;
    try {
      wanted = ProbeStatus.valueOf(wantedText.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return new ConditionResult.Unknown(
          "rule status '" + wantedText + "' is not DOWN or DEGRADED");
    }
    ProbeStatus seen = result.status();
    if (seen == wanted) {
      String reason =
          result.reason() == null || result.reason().isBlank() ? seen.name() : result.reason();
      return new ConditionResult.Met(seen.name(), wanted.name(), reason);
    }
    if (wanted == ProbeStatus.DEGRADED && seen == ProbeStatus.DOWN) {
      // Down is worse than degraded, not a recovery: the DOWN rule speaks for it.
      return new ConditionResult.Unknown("service is DOWN");
    }
    return new ConditionResult.NotMet(seen.name());
  }

  private static ConditionResult checkField(AlertCondition when, ProbeResult result) {
    if (result.status() == ProbeStatus.DOWN) {
      return new ConditionResult.Unknown(
          when.endpoint() + " is DOWN" + (result.reason() == null ? "" : ": " + result.reason()));
    }
    Optional<JsonNode> field = result.field(when.field());
    if (field.isEmpty() || field.get().isNull() || field.get().isMissingNode()) {
      return new ConditionResult.Unknown("no field " + when.field() + " in " + when.endpoint());
    }
    JsonNode node = field.get();
    String value = text(node);
    if (when.above() != null || when.below() != null) {
      Double number = number(node);
      if (number == null) {
        return new ConditionResult.Unknown(when.field() + " is '" + value + "', not a number");
      }
      if (when.above() != null && number > when.above()) {
        return met(when, value, "> " + plain(when.above()));
      }
      if (when.below() != null && number < when.below()) {
        return met(when, value, "< " + plain(when.below()));
      }
      return new ConditionResult.NotMet(value);
    }
    if (when.equals() != null) {
      return equalsExpected(node, when.equals())
          ? met(when, value, "= " + expectedText(when.equals()))
          : new ConditionResult.NotMet(value);
    }
    return new ConditionResult.Unknown("rule compares " + when.field() + " with nothing");
  }

  private static ConditionResult met(AlertCondition when, String value, String threshold) {
    return new ConditionResult.Met(value, threshold, when.field() + " " + value + " " + threshold);
  }

  /**
   * Booleans match true/false in any case (a JSON false or a text "false"); numbers match by value
   * (61 = 61.0); text matches ignoring case, as health statuses do.
   */
  private static boolean equalsExpected(JsonNode node, Object expected) {
    if (expected instanceof Boolean b) {
      return text(node).equalsIgnoreCase(b.toString());
    }
    Double seen = number(node);
    Double wanted =
        expected instanceof Number n ? Double.valueOf(n.doubleValue()) : parse(expected.toString());
    if (seen != null && wanted != null) {
      return Double.compare(seen, wanted) == 0;
    }
    if (expected instanceof Number) {
      return false;
    }
    return text(node).equalsIgnoreCase(expected.toString().trim());
  }

  private static String expectedText(Object expected) {
    return expected instanceof Number n ? plain(n.doubleValue()) : expected.toString();
  }

  private static Double number(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.isTextual() ? parse(node.textValue()) : null;
  }

  private static Double parse(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /** 5.0 as "5", 0.5 as "0.5": thresholds read as people wrote them. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
