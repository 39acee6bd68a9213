package dev.opsbot.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.access.Caller;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.alert.StoredAlertState;
import dev.opsbot.testing.AlertmanagerProcess;
import dev.opsbot.testing.TestStateDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with the real Alertmanager (Debian's {@code prometheus-alertmanager}): a
 * Prometheus-style alert pushed to Alertmanager's API reaches opsbot through Alertmanager's own
 * webhook (with its bearer token), becomes a thread with buttons, is acknowledged in chat, and the
 * silence opsbot makes is active in Alertmanager; the alert's end resolves it in opsbot.
 */
class AlertmanagerEndToEndIT {
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0OPS");
  private static final Duration PATIENCE = Duration.ofSeconds(40);

  @TempDir Path dir;
  private TestStateDatabase postgres;
  private IntakeTestSupport support;
  private IntakeReplica opsbot;
  private AlertmanagerProcess alertmanager;
  private AlertStore store;

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    support =
        new IntakeTestSupport(postgres.database(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    store = new AlertStore(postgres.database());
    LateSilencer silencer = new LateSilencer();
    opsbot =
        new IntakeReplica(postgres.database(), IntakeTestSupport.SETTINGS, silencer, support.clock);
    alertmanager =
        AlertmanagerProcess.startWithWebhookToken(
            dir, opsbot.url("/intake/alertmanager"), IntakeTestSupport.TOKEN);
    silencer.real =
        new AlertmanagerSilencer(
            AlertmanagerConnection.of(alertmanager.url()), new OkHttpClient(), Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    if (alertmanager != null) {
      alertmanager.close();
    }
    opsbot.close();
    support.worker.close();
    postgres.close();
  }

  private String alert(Instant endsAt) {
    return """
    [{"labels": {"alertname": "BackendErrorBudget", "job": "backend", "severity": "critical",
                 "instance": "backend-1:9100"},
      "annotations": {"summary": "Backend burns its error budget 14x too fast"},
      "startsAt": "%s", "endsAt": "%s",
      "generatorURL": "http://prometheus.example:9090/graph"}]
    """
        .formatted(Instant.now().minusSeconds(60), endsAt);
  }

  @Test
  void anAlertFromAlertmanagerIsAThreadItsAcknowledgementSilencesItThereAndItsEndResolvesIt()
      throws Exception {
    alertmanager.pushAlerts(alert(Instant.now().plus(Duration.ofHours(1))));

    StoredAlert opened =
        await(
            "Alertmanager's webhook to open the alert",
            () -> store.openAlerts().stream().findFirst());
    String post =
        await(
            "the alert's post",
            () -> {
              support.worker.pass();
              return support.chat.stream().filter(line -> line.startsWith("POST")).findFirst();
            });
    assertThat(opened.service()).isEqualTo("backend");
    assertThat(opened.summary()).contains("Backend burns its error budget 14x too fast");
    assertThat(post).startsWith("POST #ops-critical").contains("[Acknowledge]", "[Resolve]");

    assertThat(opsbot.desk.acknowledge(opened.id(), DANA).changed()).isTrue();
    support.worker.pass();

    JsonNode silence = await("the silence in Alertmanager", () -> activeSilence(alertmanager));
    assertThat(matchers(silence)).containsExactly("alertname=BackendErrorBudget");
    assertThat(silence.path("createdBy").asText()).contains("dana");
    JsonNode suppressed =
        await(
            "Alertmanager to mark the alert silenced",
            () -> {
              JsonNode alerts = get(alertmanager, "/api/v2/alerts?silenced=true&active=false");
              return alerts.size() == 1
                      && alerts.get(0).at("/status/state").asText().equals("suppressed")
                  ? Optional.of(alerts.get(0))
                  : Optional.empty();
            });
    assertThat(suppressed.at("/status/silencedBy/0").asText())
        .isEqualTo(silence.path("id").asText());

    alertmanager.pushAlerts(alert(Instant.now().minusSeconds(1)));

    StoredAlert resolved =
        await(
            "the alert's end to resolve it in opsbot",
            () -> store.find(opened.id()).filter(a -> a.state() == StoredAlertState.RESOLVED));
    support.worker.pass();
    assertThat(resolved.acknowledgedBy()).isEqualTo("dana");
    assertThat(support.chat).anySatisfy(line -> assertThat(line).containsIgnoringCase("resolved"));
    // Alertmanager sent no resolved notification (the alert was silenced): opsbot asked, and
    // expired its silence, which would otherwise mute the group's next outage.
    await(
        "opsbot to expire its silence",
        () ->
            get(alertmanager, "/api/v2/silence/" + silence.path("id").asText())
                    .at("/status/state")
                    .asText()
                    .equals("expired")
                ? Optional.of(true)
                : Optional.empty());
  }

  @Test
  void anAlertNobodyAcknowledgedIsResolvedByAlertmanagersResolvedNotification() throws Exception {
    alertmanager.pushAlerts(alert(Instant.now().plus(Duration.ofHours(1))));
    StoredAlert opened = await("the alert to open", () -> store.openAlerts().stream().findFirst());

    alertmanager.pushAlerts(alert(Instant.now().minusSeconds(1)));

    await(
        "Alertmanager's resolved notification",
        () -> store.find(opened.id()).filter(a -> a.state() == StoredAlertState.RESOLVED));
    assertThat(get(alertmanager, "/api/v2/silences")).isEmpty();
  }

  private static Optional<JsonNode> activeSilence(AlertmanagerProcess alertmanager) {
    for (JsonNode silence : get(alertmanager, "/api/v2/silences")) {
      if (silence.at("/status/state").asText().equals("active")) {
        return Optional.of(silence);
      }
    }
    return Optional.empty();
  }

  private static List<String> matchers(JsonNode silence) {
    List<String> matchers = new ArrayList<>();
    silence
        .path("matchers")
        .forEach(m -> matchers.add(m.path("name").asText() + "=" + m.path("value").asText()));
    return matchers;
  }

  private static JsonNode get(AlertmanagerProcess alertmanager, String path) {
    try {
      return alertmanager.get(path);
    } catch (Exception e) {
      throw new AssertionError("GET " + path + ": " + e, e);
    }
  }

  private <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "waited "
            + PATIENCE.toSeconds()
            + " s for "
            + what
            + "; Alertmanager's log:\n"
            + alertmanager.log());
  }

  /** Alertmanager's port is known only once it runs, after opsbot, whose URL it needs. */
  private static final class LateSilencer implements SourceSilencer {
    volatile SourceSilencer real;

    @Override
    public String silence(
        Map<String, String> labels, Instant until, String createdBy, String comment)
        throws IOException {
      return real.silence(labels, until, createdBy, comment);
    }

    @Override
    public void expire(String silenceId) throws IOException {
      real.expire(silenceId);
    }

    @Override
    public boolean stillFiring(Map<String, String> labels) throws IOException {
      return real.stillFiring(labels);
    }
  }
}
