package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One source of alerts from elsewhere.
 *
 * @param kind {@code alertmanager} (Alertmanager's webhook payload, version 4) or {@code webhook}
 *     (any JSON, read through {@code mapping})
 * @param auth {@code bearer} (an {@code Authorization: Bearer} token) or {@code hmac} (the body's
 *     HMAC-SHA256, hex, in {@code signatureHeader})
 * @param token the token or the HMAC key, from the environment
 * @param serviceLabels the labels naming the service, the first present wins ([service, job])
 * @param severities source severities to opsbot's (critical, warning, info); unlisted ones are
 *     {@code defaultSeverity}
 */
public record IntakeSource(
    String kind,
    String auth,
    Secret token,
    String signatureHeader,
    List<String> serviceLabels,
    Map<String, String> severities,
    String defaultSeverity,
    IntakeMapping mapping) {
  public static final Map<String, String> SEVERITIES =
      Map.of(
          "critical", "critical",
          "page", "critical",
          "error", "critical",
          "high", "critical",
          "warning", "warning",
          "warn", "warning",
          "info", "info",
          "none", "info",
          "low", "info");

  public IntakeSource {
    kind = requireNonNullElse(kind, "webhook");
    auth = requireNonNullElse(auth, "bearer");
    signatureHeader = requireNonNullElse(signatureHeader, "X-Opsbot-Signature");
    serviceLabels =
        serviceLabels == null || serviceLabels.isEmpty()
            ? List.of("service", "job")
            : List.copyOf(serviceLabels);
    Map<String, String> all = new LinkedHashMap<>(SEVERITIES);
    if (severities != null) {
      all.putAll(severities);
    }
    severities = all;
    defaultSeverity = requireNonNullElse(defaultSeverity, "warning");
  }

  public boolean alertmanager() {
    return "alertmanager".equals(kind);
  }

  /**
   * Where a webhook's fields are: JSON pointers ({@code /alert/title}), each a list tried in order.
   *
   * @param alerts the array of alerts in the body; empty: the body is one alert
   * @param resolvedValues values of {@code status} meaning resolved; anything else is firing
   * @param labels an object of labels, for routes and silences
   */
  public record IntakeMapping(
      String alerts,
      List<String> title,
      List<String> severity,
      List<String> service,
      List<String> dedupKey,
      List<String> status,
      List<String> resolvedValues,
      String labels) {
    public IntakeMapping {
      alerts = requireNonNullElse(alerts, "");
      title = title == null ? List.of() : List.copyOf(title);
      severity = severity == null ? List.of() : List.copyOf(severity);
      service = service == null ? List.of() : List.copyOf(service);
      dedupKey = dedupKey == null ? List.of() : List.copyOf(dedupKey);
      status = status == null ? List.of() : List.copyOf(status);
      resolvedValues = resolvedValues == null ? List.of("resolved") : List.copyOf(resolvedValues);
      labels = requireNonNullElse(labels, "");
    }
  }
}
