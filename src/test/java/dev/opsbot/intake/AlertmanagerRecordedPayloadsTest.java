package dev.opsbot.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The webhook payloads recorded from the real Alertmanager ({@code AlertmanagerWebhookIT}), which
 * the fast intake tests replay, hold what a version 4 notification holds.
 */
class AlertmanagerRecordedPayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theRecordedFiringPayloadHasTheVersion4Fields() throws IOException {
    JsonNode firing = load("alertmanager-firing.json");

    assertThat(AlertmanagerWebhookShape.problems(firing, "firing")).isEmpty();
    assertThat(firing.at("/alerts/0/status").asText()).isEqualTo("firing");
    assertThat(firing.at("/alerts/0/labels/alertname").asText()).isEqualTo("OpsbotDiskFull");
    assertThat(firing.at("/alerts/0/annotations/summary").asText()).isNotBlank();
  }

  @Test
  void theRecordedResolvedPayloadResolvesTheSameGroupAndAlert() throws IOException {
    JsonNode firing = load("alertmanager-firing.json");
    JsonNode resolved = load("alertmanager-resolved.json");

    assertThat(AlertmanagerWebhookShape.problems(resolved, "resolved")).isEmpty();
    assertThat(resolved.path("groupKey")).isEqualTo(firing.path("groupKey"));
    assertThat(resolved.at("/alerts/0/fingerprint")).isEqualTo(firing.at("/alerts/0/fingerprint"));
    assertThat(resolved.at("/alerts/0/status").asText()).isEqualTo("resolved");
    assertThat(Instant.parse(resolved.at("/alerts/0/endsAt").asText()))
        .isAfter(Instant.parse(resolved.at("/alerts/0/startsAt").asText()));
  }

  @Test
  void aPayloadMissingAVersion4FieldIsCaught() throws IOException {
    ObjectNode broken = (ObjectNode) load("alertmanager-firing.json");
    broken.remove("groupKey");
    broken.put("version", "3");
    ((ObjectNode) broken.at("/alerts/0")).remove("fingerprint");

    assertThat(AlertmanagerWebhookShape.problems(broken, "firing"))
        .containsExactly(
            "version is \"3\", not \"4\"",
            "groupKey is not text",
            "alerts[0].fingerprint is missing");
  }

  private static JsonNode load(String name) throws IOException {
    try (InputStream in = AlertmanagerRecordedPayloadsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }
}
