package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a rule's summary: {service}, {value}, {threshold}, {reason}. */
public final class SummaryTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{(service|value|threshold|reason)}");

  private SummaryTemplate() {}

  /**
   * One pass, so a value that itself contains "{reason}" is shown as it is. Unknown placeholders
   * stay as written; a missing value shows as "?"; a rule without a summary gets "rule on service".
   */
  public static String render(
      AlertRule rule, AlertKey key, String value, String threshold, String reason) {
    String template = rule.summary();
    if (template == null || template.isBlank()) {
      template = rule.id() + " on {service}";
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    return matcher.replaceAll(match ->
        Matcher.quoteReplacement(
            orUnknown(
                switch (match.group(1)) {
                  case "service" -> key.service();
                  case "value" -> value;
                  case "threshold" -> threshold;
                  default -> reason;
                })));
  }

  private static String orUnknown(String text) {
    return text == null || text.isBlank() ? "?" : text;
  }
}
