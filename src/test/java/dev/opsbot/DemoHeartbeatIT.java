package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.alert.StoredAlertState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's heartbeat end to end: the demo's job pings opsbot over loopback HTTP; {@code /demo
 * heartbeat stop} makes heartbeat-missed fire (seen in /health, status.json and the alert desk),
 * {@code start} resolves it. Real time: about half a minute each way with the demo's timings.
 */
class DemoHeartbeatIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private DemoBot demo;

  @BeforeEach
  void start() throws Exception {
    demo = DemoBot.start();
  }

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private JsonNode heartbeatOnStatusPage() throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(demo.adminUrl("/status.json"))).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (JsonNode heartbeat : JSON.readTree(body).path("heartbeats")) {
      if (heartbeat.path("id").asText().equals("scheduler")) {
        return heartbeat;
      }
    }
    throw new AssertionError("no heartbeat scheduler in status.json: " + body);
  }

  private Optional<StoredAlert> openAlertOnScheduler() {
    return demo.bot().alerts().openAlerts().stream()
        .filter(a -> a.service().equals("scheduler"))
        .findFirst();
  }

  private static <T> T await(String what, Supplier<Optional<T>> check) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> found = check.get();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " did not happen within " + PATIENCE.toSeconds() + " s");
  }

  @Test
  void theCurlLineTheDemoPrintsPingsTheHeartbeat() throws Exception {
    demo.reply("/demo heartbeat stop");
    String curl = demo.fleet().heartbeat().curl(demo.bot().adminPort());
    assertThat(curl)
        .doesNotContain(
            demo.fleet().environment(java.util.Map.of()).get("OPSBOT_DEMO_HEARTBEAT_TOKEN"));

    Process process = new ProcessBuilder("sh", "-c", curl).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).isEqualTo("OK\n");
  }

  @Test
  void stoppingTheDemoHeartbeatFiresItsAlertAndStartingItResolvesIt() throws Exception {
    await(
        "a first ping",
        () ->
            Optional.of(demo.reply("/health"))
                .filter(text -> text.matches("(?s).*scheduler +ON TIME +\\d+ s ago.*")));
    assertThat(demo.reply("/health"))
        .contains("HEARTBEAT")
        .containsPattern("scheduler +ON TIME +\\d+ s ago +last ping \\d\\d:\\d\\d, next by");
    assertThat(heartbeatOnStatusPage().path("status").asText()).isEqualTo("up");
    assertThat(heartbeatOnStatusPage().path("name").asText()).isEqualTo("AI Agents scheduler");

    assertThat(demo.reply("/demo heartbeat stop"))
        .contains("The scheduler's heartbeat stopped pinging.");
    StoredAlert alert =
        await(
            "heartbeat-missed firing",
            () -> openAlertOnScheduler().filter(a -> a.state() == StoredAlertState.FIRING));

    assertThat(alert.ruleId()).isEqualTo("heartbeat-missed");
    assertThat(alert.summary()).contains("scheduler missed its heartbeat: no ping since");
    assertThat(demo.reply("/health"))
        .containsPattern("scheduler +LATE +\\d+ s ago +no ping since \\d\\d:\\d\\d, expected by")
        .contains("1 heartbeat(s) late");
    assertThat(demo.reply("/health scheduler"))
        .as("one heartbeat on its own, as for a service")
        .contains("heartbeat scheduler: LATE")
        .containsPattern("Last ping: +\\d+ s ago \\(\\d{4}-\\d\\d-\\d\\dT[^)]+Z\\)")
        .containsPattern("Detail: +no ping since \\d\\d:\\d\\d, expected by");
    assertThat(demo.reply("/health schedular")).contains("scheduler");
    JsonNode late = heartbeatOnStatusPage();
    assertThat(late.path("status").asText()).isEqualTo("late");
    assertThat(late.toString()).doesNotContain("token", "127.0.0.1", "http");

    demo.reply("/demo heartbeat start");
    await(
        "heartbeat-missed resolving",
        () -> Optional.of(true).filter(x -> openAlertOnScheduler().isEmpty()));
    assertThat(heartbeatOnStatusPage().path("status").asText()).isEqualTo("up");
  }
}
