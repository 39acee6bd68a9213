package dev.opsbot.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.config.Secret;
import dev.opsbot.testing.AlertmanagerProcess;
import dev.opsbot.testing.ApiDescription;
import dev.opsbot.testing.RecordedExchanges;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AlertmanagerSilencer} against the real Alertmanager (Debian's {@code
 * prometheus-alertmanager}): the silences it makes are the ones Alertmanager shows and applies, and
 * every request and every answer on the wire is as Alertmanager's published API description says.
 */
class AlertmanagerSilencerIT {
  private static final ApiDescription ALERTMANAGER =
      ApiDescription.load("alertmanager-api-v2.json");
  private static final Map<String, String> DISK_FULL =
      Map.of("alertname", "OpsbotDiskFull", "instance", "db-1:9100", "severity", "critical");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final MockWebServer webhook = AlertmanagerWebhookIT.receiver();
  private final RecordedExchanges wire = new RecordedExchanges("/api/v2");
  private final List<String> answersRead = new ArrayList<>();
  private AlertmanagerProcess alertmanager;

  @AfterEach
  void stop() throws Exception {
    if (alertmanager != null) {
      alertmanager.close();
    }
    webhook.close();
  }

  @Test
  void aSilenceOpsbotMakesIsActiveInAlertmanagerWithExactlyItsLabelsUntilItIsExpired()
      throws Exception {
    start();
    Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    String id =
        silencer(connection())
            .silence(DISK_FULL, until, "opsbot (ana)", "Acknowledged in #ops by ana");

    JsonNode silence = silence(id);
    assertThat(silence.at("/status/state").asText()).isEqualTo("active");
    assertThat(silence.path("createdBy").asText()).isEqualTo("opsbot (ana)");
    assertThat(silence.path("comment").asText()).isEqualTo("Acknowledged in #ops by ana");
    assertThat(Instant.parse(silence.path("endsAt").asText())).isEqualTo(until);
    List<String> matchers = new ArrayList<>();
    silence
        .path("matchers")
        .forEach(m ->
            matchers.add(
                m.path("name").asText()
                    + (m.path("isEqual").asBoolean(true) ? "=" : "!=")
                    + (m.path("isRegex").asBoolean() ? "~" : "")
                    + m.path("value").asText()));
    assertThat(matchers)
        .containsExactlyInAnyOrder(
            "alertname=OpsbotDiskFull", "instance=db-1:9100", "severity=critical");

    silencer(connection()).expire(id);

    assertThat(silence(id).at("/status/state").asText()).isEqualTo("expired");
    assertThat(contractProblems()).isEmpty();
  }

  @Test
  void anAlertWithTheSilencedLabelsIsSuppressedByTheSilenceAndActiveAgainOnceItIsExpired()
      throws Exception {
    start();
    alertmanager.pushAlerts(alert(DISK_FULL, Instant.now().minusSeconds(60), null));
    awaitAlertState("active", null);

    String id =
        silencer(connection())
            .silence(DISK_FULL, Instant.now().plus(Duration.ofHours(2)), "opsbot (ana)", "Ack");

    JsonNode silenced = awaitAlertState("suppressed", id);
    assertThat(silenced.at("/status/silencedBy").toString()).isEqualTo("[\"" + id + "\"]");
    JsonNode listed =
        alertmanager.get(
            "/api/v2/alerts?silenced=true&active=false&filter="
                + URLEncoder.encode("alertname=\"OpsbotDiskFull\"", StandardCharsets.UTF_8));
    assertThat(listed).hasSize(1);

    silencer(connection()).expire(id);

    assertThat(awaitAlertState("active", null).at("/status/silencedBy")).isEmpty();
    assertThat(contractProblems()).isEmpty();
  }

  @Test
  void expiringASilenceTwiceOrOneAlertmanagerNeverHadIsNotAnError() throws Exception {
    start();
    AlertmanagerSilencer silencer = silencer(connection());
    String id =
        silencer.silence(
            DISK_FULL, Instant.now().plus(Duration.ofMinutes(30)), "opsbot (ana)", "Ack");

    silencer.expire(id);
    silencer.expire(id);
    silencer.expire("00000000-0000-4000-8000-000000000000");

    assertThat(silence(id).at("/status/state").asText()).isEqualTo("expired");
    assertThat(contractProblems()).isEmpty();
  }

  @Test
  void alertmanagersRefusalOfASilenceIsReportedInItsOwnWords() throws Exception {
    start();

    AlertmanagerException refused =
        catchThrowableOfType(
            AlertmanagerException.class,
            () ->
                silencer(connection())
                    .silence(
                        Map.of("bad-label", "x"),
                        Instant.now().plus(Duration.ofHours(1)),
                        "opsbot (ana)",
                        "Ack"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage())
        .startsWith("Alertmanager refused (400) creating a silence for bad-label=\"x\".")
        .contains("Alertmanager says: \u201c")
        .contains("invalid label name");
    assertThat(alertmanager.get("/api/v2/silences")).isEmpty();
    assertThat(contractProblems()).isEmpty();
  }

  @Test
  void basicAuthIsSentAsAlertmanagersWebConfigAsksAndAWrongPasswordIsReportedWithoutIt()
      throws Exception {
    webhook.start();
    // bcrypt (cost 4) of "opsbot-it-secret", as Alertmanager's --web.config.file wants it.
    alertmanager =
        AlertmanagerProcess.startWithBasicAuth(
            dir,
            webhook.url("/intake/alertmanager").toString(),
            "opsbot",
            "opsbot-it-secret",
            "$2b$04$6pa6SOGE0NRTs7n/HCo22.nX1RnFdxftsoFtliIeIo2AL4fvb2YPO");
    Instant until = Instant.now().plus(Duration.ofHours(1));

    String id =
        silencer(withBasicAuth("opsbot-it-secret")).silence(DISK_FULL, until, "opsbot", "Ack");
    assertThat(silence(id).at("/status/state").asText()).isEqualTo("active");

    AlertmanagerException refused =
        catchThrowableOfType(
            AlertmanagerException.class,
            () -> silencer(withBasicAuth("wrong-secret-value")).expire(id));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.getMessage())
        .contains("refused opsbot's credentials (401) while expiring silence " + id)
        .contains("OPSBOT_ALERTMANAGER_USERNAME")
        .doesNotContain("wrong-secret-value")
        .doesNotContain("opsbot-it-secret");
    assertThat(silence(id).at("/status/state").asText()).isEqualTo("active");
  }

  private void start() throws Exception {
    webhook.start();
    alertmanager = AlertmanagerProcess.start(dir, webhook.url("/intake/alertmanager").toString());
  }

  private AlertmanagerConnection connection() {
    return AlertmanagerConnection.of(alertmanager.url());
  }

  private AlertmanagerConnection withBasicAuth(String password) {
    return new AlertmanagerConnection(
        HttpUrl.get(alertmanager.url()), "opsbot", Secret.of(password), null, null);
  }

  private AlertmanagerSilencer silencer(AlertmanagerConnection connection) {
    return new AlertmanagerSilencer(
        connection, new OkHttpClient.Builder().addInterceptor(wire).build(), Clock.systemUTC());
  }

  /** {@code GET /api/v2/silence/{id}}, its answer checked against the description too. */
  private JsonNode silence(String id) throws Exception {
    HttpResponse<String> answer = alertmanager.getRaw("/api/v2/silence/" + id);
    answersRead.addAll(
        ALERTMANAGER.checkAnswer("GET", "/silence/" + id, answer.statusCode(), answer.body()));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  /** The alert DISK_FULL once Alertmanager shows it in {@code state} (silenced by {@code id}). */
  private JsonNode awaitAlertState(String state, String silencedBy) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      JsonNode alerts =
          alertmanager.get(
              "/api/v2/alerts?filter="
                  + URLEncoder.encode("alertname=\"OpsbotDiskFull\"", StandardCharsets.UTF_8));
      last = alerts;
      if (alerts.size() == 1
          && alerts.at("/0/status/state").asText().equals(state)
          && (silencedBy == null
              || alerts.at("/0/status/silencedBy").toString().contains(silencedBy))) {
        return alerts.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "Alertmanager did not show the alert " + state + " within " + PATIENCE + ": " + last);
  }

  /** A Prometheus-style alert, as the JSON array {@code POST /api/v2/alerts} takes. */
  static String alert(Map<String, String> labels, Instant startsAt, Instant endsAt) {
    ObjectNode alert = JSON.createObjectNode();
    labels.forEach(alert.putObject("labels")::put);
    alert
        .putObject("annotations")
        .put("summary", "Disk almost full on db-1")
        .put("description", "/var/lib/postgresql is 95% full.");
    alert.put("generatorURL", "http://prometheus.example.org:9090/graph?g0.expr=disk_free");
    alert.put("startsAt", startsAt.toString());
    if (endsAt != null) {
      alert.put("endsAt", endsAt.toString());
    }
    return "[" + alert + "]";
  }

  private List<String> contractProblems() {
    List<String> problems = new ArrayList<>(answersRead);
    for (RecordedExchanges.Exchange exchange : wire.all()) {
      problems.addAll(ALERTMANAGER.check(exchange.call()));
      problems.addAll(
          ALERTMANAGER.checkAnswer(
              exchange.call().method(),
              exchange.call().path(),
              exchange.status(),
              exchange.answer()));
    }
    assertThat(wire.all()).isNotEmpty();
    return problems;
  }
}
