package dev.opsbot.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.testing.AlertmanagerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real Alertmanager posts to a webhook receiver for a Prometheus-style alert, firing and
 * then resolved: a version 4 payload with the fields the intake reads. Each run keeps the two
 * payloads under {@code target/alertmanager-webhook/}; the copies under {@code
 * src/test/resources/dev/opsbot/intake/} were taken from one run and are what the fast tests read.
 */
class AlertmanagerWebhookIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path KEPT = Path.of("target", "alertmanager-webhook");
  private static final Map<String, String> LABELS =
      Map.of(
          "alertname", "OpsbotDiskFull",
          "instance", "db-1:9100",
          "job", "node",
          "severity", "critical",
          "team", "platform");
  private static final long PATIENCE_SECONDS = 30;

  @TempDir Path dir;
  private final MockWebServer webhook = AlertmanagerWebhookIT.receiver();
  private AlertmanagerProcess alertmanager;

  @AfterEach
  void stop() throws Exception {
    if (alertmanager != null) {
      alertmanager.close();
    }
    webhook.close();
  }

  @Test
  void aPushedAlertReachesTheWebhookAsAVersion4PayloadFiringAndThenResolved() throws Exception {
    webhook.start();
    alertmanager = AlertmanagerProcess.start(dir, webhook.url("/intake/alertmanager").toString());
    Instant startsAt = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);

    alertmanager.pushAlerts(
        AlertmanagerSilencerIT.alert(LABELS, startsAt, Instant.now().plusSeconds(300)));
    RecordedRequest firingRequest = await("firing");
    JsonNode firing = JSON.readTree(firingRequest.getBody().utf8());

    Instant endsAt = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    alertmanager.pushAlerts(AlertmanagerSilencerIT.alert(LABELS, startsAt, endsAt));
    RecordedRequest resolvedRequest = await("resolved");
    JsonNode resolved = JSON.readTree(resolvedRequest.getBody().utf8());

    assertThat(firingRequest.getMethod()).isEqualTo("POST");
    assertThat(firingRequest.getTarget()).isEqualTo("/intake/alertmanager");
    assertThat(firingRequest.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(firingRequest.getHeaders().get("User-Agent")).startsWith("Alertmanager/");
    assertThat(AlertmanagerWebhookShape.problems(firing, "firing")).isEmpty();
    assertThat(AlertmanagerWebhookShape.problems(resolved, "resolved")).isEmpty();
    assertThat(firing.path("receiver").asText()).isEqualTo(AlertmanagerProcess.RECEIVER);
    assertThat(firing.path("groupLabels").toString())
        .isEqualTo("{\"alertname\":\"OpsbotDiskFull\"}");
    assertThat(firing.at("/alerts/0/labels")).isEqualTo(JSON.valueToTree(LABELS));
    assertThat(Instant.parse(firing.at("/alerts/0/startsAt").asText())).isEqualTo(startsAt);
    // One group and one alert throughout: the same key and fingerprint say which it resolves.
    assertThat(resolved.path("groupKey")).isEqualTo(firing.path("groupKey"));
    assertThat(resolved.at("/alerts/0/fingerprint")).isEqualTo(firing.at("/alerts/0/fingerprint"));
    assertThat(resolved.at("/alerts/0/status").asText()).isEqualTo("resolved");
    assertThat(Instant.parse(resolved.at("/alerts/0/endsAt").asText())).isEqualTo(endsAt);

    Files.createDirectories(KEPT);
    Files.writeString(
        KEPT.resolve("alertmanager-firing.json"),
        firingRequest.getBody().utf8(),
        StandardCharsets.UTF_8);
    Files.writeString(
        KEPT.resolve("alertmanager-resolved.json"),
        resolvedRequest.getBody().utf8(),
        StandardCharsets.UTF_8);
    Files.writeString(KEPT.resolve("alertmanager-version.txt"), alertmanager.version() + "\n");
  }

  /**
   * A webhook receiver that answers every delivery 200 at once (MockWebServer's own queue would
   * hold each delivery until Alertmanager gives up on it and retries).
   */
  static MockWebServer receiver() {
    MockWebServer server = new MockWebServer();
    QueueDispatcher answers = new QueueDispatcher();
    answers.setFailFast(new MockResponse.Builder().code(200).build());
    server.setDispatcher(answers);
    return server;
  }

  /** The first delivery whose status is {@code status} (repeats of the firing one are skipped). */
  private RecordedRequest await(String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (System.nanoTime() < deadline) {
      RecordedRequest request = webhook.takeRequest(1, TimeUnit.SECONDS);
      if (request != null
          && status.equals(JSON.readTree(request.getBody().utf8()).path("status").asText())) {
        return request;
      }
    }
    throw new AssertionError(
        "Alertmanager delivered no "
            + status
            + " notification within "
            + PATIENCE_SECONDS
            + " s: "
            + alertmanager.log());
  }
}
