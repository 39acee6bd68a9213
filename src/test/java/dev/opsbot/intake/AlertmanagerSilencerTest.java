package dev.opsbot.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.config.Secret;
import dev.opsbot.testing.ApiDescription;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.RecordedExchanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AlertmanagerSilencer} against a stand-in on loopback: each request checked against
 * Alertmanager's published API description (vendored in {@code contracts/}), and each way a call
 * can fail turned into one clear message without credentials.
 */
class AlertmanagerSilencerTest {
  private static final ApiDescription ALERTMANAGER =
      ApiDescription.load("alertmanager-api-v2.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");
  private static final Map<String, String> LABELS =
      Map.of("alertname", "DiskFull", "instance", "db-1:9100");
  private static final String ID = "4f7e8c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";

  private final MockWebServer server = new MockWebServer();
  private final RecordedExchanges wire = new RecordedExchanges("/api/v2");
  private final FakeClock clock = new FakeClock(T0);

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSilenceIsPostedWithOneEqualityMatcherPerLabelAsAlertmanagerDescribesIt() throws Exception {
    server.enqueue(json(200, "{\"silenceID\":\"" + ID + "\"}"));

    String id =
        silencer(AlertmanagerConnection.of(server.url("/").toString()))
            .silence(LABELS, T0.plus(Duration.ofHours(1)), "opsbot (ana)", "Acknowledged by ana");

    assertThat(id).isEqualTo(ID);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine()).isEqualTo("POST /api/v2/silences HTTP/1.1");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    JsonNode body = JSON.readTree(request.getBody().utf8());
    assertThat(body.toString())
        .isEqualTo(
            "{\"matchers\":["
                + "{\"name\":\"alertname\",\"value\":\"DiskFull\",\"isRegex\":false,\"isEqual\":true},"
                + "{\"name\":\"instance\",\"value\":\"db-1:9100\",\"isRegex\":false,\"isEqual\":true}],"
                + "\"startsAt\":\"2026-12-05T09:00:00Z\",\"endsAt\":\"2026-12-05T10:00:00Z\","
                + "\"createdBy\":\"opsbot (ana)\",\"comment\":\"Acknowledged by ana\"}");
    assertThat(contractProblems()).isEmpty();
  }

  @Test
  void expiringIsADeleteOfTheSilenceAsAlertmanagerDescribesIt() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());

    silencer(AlertmanagerConnection.of(server.url("/").toString())).expire(ID);

    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("DELETE /api/v2/silence/" + ID + " HTTP/1.1");
    assertThat(contractProblems()).isEmpty();
  }

  @Test
  void aMisspelledFieldInASilenceIsCaughtByTheDescription() {
    String body =
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":false,\"isEquals\":true}],"
            + "\"startsAt\":\"2026-12-05T09:00:00Z\",\"endsAt\":\"2026-12-05T10:00:00Z\","
            + "\"createdBy\":\"x\",\"comment\":\"y\",\"creator\":\"z\"}";

    assertThat(
            ALERTMANAGER.check(
                ApiDescription.call("POST", "/silences", null, "", "application/json", body)))
        .containsExactlyInAnyOrder(
            "POST /silences body.matchers[0].isEquals is not a field"
                + " Alertmanager API v2 (the operations opsbot calls) describes",
            "POST /silences body.creator is not a field"
                + " Alertmanager API v2 (the operations opsbot calls) describes");
  }

  @Test
  void aPathPrefixBeforeTheApiIsKept() throws Exception {
    server.enqueue(json(200, "{\"silenceID\":\"" + ID + "\"}"));

    silencer(AlertmanagerConnection.of(server.url("/alertmanager/").toString()))
        .silence(LABELS, T0.plusSeconds(60), "opsbot", "Ack");

    assertThat(server.takeRequest().getTarget()).isEqualTo("/alertmanager/api/v2/silences");
  }

  @Test
  void basicAuthOrABearerTokenIsSentWhenConfigured() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    HttpUrl url = server.url("/");

    silencer(new AlertmanagerConnection(url, "opsbot", Secret.of("s3cret-pass"), null, null))
        .expire(ID);
    silencer(new AlertmanagerConnection(url, null, null, Secret.of("am-token-123"), null))
        .expire(ID);

    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Basic b3BzYm90OnMzY3JldC1wYXNz");
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Bearer am-token-123");
  }

  @Test
  void aRefusedTokenIsReportedNamingTheVariablesNotTheToken() {
    server.enqueue(new MockResponse.Builder().code(401).body("Unauthorized").build());
    HttpUrl url = server.url("/");

    AlertmanagerException refused =
        catchThrowableOfType(
            AlertmanagerException.class,
            () ->
                silencer(
                        new AlertmanagerConnection(
                            url, null, null, Secret.of("am-token-456"), null))
                    .silence(LABELS, T0.plusSeconds(60), "opsbot", "Ack"));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.getMessage())
        .isEqualTo(
            "Alertmanager at "
                + url
                + " (or a proxy in front of it) refused opsbot's credentials (401) while creating"
                + " a silence for alertname=\"DiskFull\", instance=\"db-1:9100\": check"
                + " OPSBOT_ALERTMANAGER_USERNAME and OPSBOT_ALERTMANAGER_PASSWORD, or"
                + " OPSBOT_ALERTMANAGER_TOKEN.")
        .doesNotContain("am-token-456");
  }

  @Test
  void alertmanagersFailureIsReportedWithItsStatusAndItsOwnWords() {
    server.enqueue(json(500, "\"failed to persist silence: disk full\""));

    assertThatThrownBy(() ->
            silencer(AlertmanagerConnection.of(server.url("/").toString()))
                .silence(LABELS, T0.plusSeconds(60), "opsbot", "Ack"))
        .isInstanceOf(AlertmanagerException.class)
        .hasMessage(
            "Alertmanager failed (500) while creating a silence for alertname=\"DiskFull\","
                + " instance=\"db-1:9100\". Alertmanager says: \u201cfailed to persist silence:"
                + " disk full\u201d.");
  }

  @Test
  void expiringASilenceAlertmanagerNoLongerHasIsNotAnError() throws Exception {
    // 0.26 and later answer 404; 0.25 answers 500 with its "silence not found".
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(json(500, "\"silence not found\""));
    server.enqueue(json(500, "\"failed to persist silence\""));
    AlertmanagerSilencer silencer = silencer(AlertmanagerConnection.of(server.url("/").toString()));

    silencer.expire(ID);
    silencer.expire(ID);
    assertThatThrownBy(() -> silencer.expire(ID))
        .hasMessage(
            "Alertmanager failed (500) while expiring silence "
                + ID
                + ". Alertmanager says: \u201cfailed to persist silence\u201d.");
  }

  @Test
  void anAnswerWithoutASilenceIdIsAnErrorNotAnEmptyId() {
    server.enqueue(json(200, "<html>Grafana</html>"));

    assertThatThrownBy(() ->
            silencer(AlertmanagerConnection.of(server.url("/").toString()))
                .silence(LABELS, T0.plusSeconds(60), "opsbot", "Ack"))
        .isInstanceOf(AlertmanagerException.class)
        .hasMessageContaining(
            "but named no silenceID: is " + server.url("/") + " Alertmanager's API?");
  }

  @Test
  void anAlertmanagerThatDoesNotAnswerInTimeIsReportedAsSuch() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    AlertmanagerConnection connection =
        new AlertmanagerConnection(server.url("/"), null, null, null, Duration.ofMillis(300));

    assertThatThrownBy(() -> silencer(connection).expire(ID))
        .isInstanceOf(AlertmanagerException.class)
        .hasMessage(
            "Alertmanager at "
                + server.url("/")
                + " did not answer within 300 ms while expiring silence "
                + ID
                + ".");
  }

  @Test
  void anUnreachableAlertmanagerIsReportedWithItsUrl() {
    HttpUrl url = server.url("/");
    server.close();

    assertThatThrownBy(() -> silencer(AlertmanagerConnection.of(url.toString())).expire(ID))
        .isInstanceOf(AlertmanagerException.class)
        .hasMessageStartingWith(
            "Could not reach Alertmanager at " + url + " while expiring silence " + ID + ": ");
  }

  @Test
  void aSilenceThatCouldNotWorkIsRefusedBeforeAnythingIsSent() {
    AlertmanagerSilencer silencer = silencer(AlertmanagerConnection.of(server.url("/").toString()));

    assertThatThrownBy(() -> silencer.silence(Map.of(), T0.plusSeconds(60), "opsbot", "Ack"))
        .hasMessage("a silence needs at least one label to match");
    assertThatThrownBy(
            () -> silencer.silence(Map.of("job", ""), T0.plusSeconds(60), "opsbot", "Ack"))
        .hasMessage("a silence needs at least one label with a value: {job=}");
    assertThatThrownBy(() -> silencer.silence(LABELS, T0, "opsbot", "Ack"))
        .hasMessage(
            "a silence must end after now (2026-12-05T09:00:00Z); asked to end at"
                + " 2026-12-05T09:00:00Z");
    assertThatThrownBy(() -> silencer.silence(LABELS, T0.plusSeconds(60), " ", "Ack"))
        .hasMessage("a silence needs the name of who made it");
    assertThatThrownBy(() -> silencer.expire(" "))
        .hasMessage("no Alertmanager silence id to expire");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theConnectionComesFromTheEnvironmentAndAnEmptyUrlMeansOff() {
    assertThat(AlertmanagerConnection.fromEnvironment(Map.of())).isEmpty();
    assertThat(AlertmanagerConnection.fromEnvironment(Map.of("OPSBOT_ALERTMANAGER_URL", " ")))
        .isEmpty();

    AlertmanagerConnection connection =
        AlertmanagerConnection.fromEnvironment(
                Map.of(
                    "OPSBOT_ALERTMANAGER_URL", "http://alertmanager:9093",
                    "OPSBOT_ALERTMANAGER_TOKEN", "am-token-789"))
            .orElseThrow();

    assertThat(connection.shown()).isEqualTo("http://alertmanager:9093/");
    assertThat(connection.bearerToken().reveal()).isEqualTo("am-token-789");
    assertThat(connection.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aWrongConnectionSettingIsNamedWithoutItsSecret() {
    assertThatThrownBy(() ->
            AlertmanagerConnection.fromEnvironment(
                Map.of("OPSBOT_ALERTMANAGER_URL", "http://ops:hunter2-pass@am:9093")))
        .hasMessage(
            "the Alertmanager URL carries credentials: put them in OPSBOT_ALERTMANAGER_USERNAME"
                + " and OPSBOT_ALERTMANAGER_PASSWORD instead");
    assertThatThrownBy(() ->
            AlertmanagerConnection.fromEnvironment(
                Map.of("OPSBOT_ALERTMANAGER_URL", "am:9093/x:hunter2-pass@y")))
        .hasMessage(
            "OPSBOT_ALERTMANAGER_URL is not an http:// or https:// URL (such as"
                + " http://alertmanager:9093): \u201c\u2026@y\u201d");
    assertThatThrownBy(() ->
            AlertmanagerConnection.fromEnvironment(
                Map.of(
                    "OPSBOT_ALERTMANAGER_URL", "http://am:9093",
                    "OPSBOT_ALERTMANAGER_PASSWORD", "hunter2-pass")))
        .hasMessage(
            "basic auth for Alertmanager needs both OPSBOT_ALERTMANAGER_USERNAME and"
                + " OPSBOT_ALERTMANAGER_PASSWORD; only OPSBOT_ALERTMANAGER_PASSWORD is set");
    assertThatThrownBy(() ->
            AlertmanagerConnection.fromEnvironment(
                Map.of(
                    "OPSBOT_ALERTMANAGER_URL", "http://am:9093",
                    "OPSBOT_ALERTMANAGER_USERNAME", "ops",
                    "OPSBOT_ALERTMANAGER_PASSWORD", "hunter2-pass",
                    "OPSBOT_ALERTMANAGER_TOKEN", "am-token")))
        .hasMessage(
            "set either OPSBOT_ALERTMANAGER_PASSWORD (basic auth) or OPSBOT_ALERTMANAGER_TOKEN"
                + " (bearer token) for Alertmanager, not both");
    assertThatThrownBy(() ->
            AlertmanagerConnection.fromEnvironment(
                Map.of(
                    "OPSBOT_ALERTMANAGER_URL", "http://am:9093",
                    "OPSBOT_ALERTMANAGER_TOKEN", "am-token\r")))
        .hasMessage(
            "the Alertmanager OPSBOT_ALERTMANAGER_TOKEN has a carriage return (\\r) at the end;"
                + " it cannot be sent in an HTTP header");
  }

  private AlertmanagerSilencer silencer(AlertmanagerConnection connection) {
    return new AlertmanagerSilencer(
        connection, new OkHttpClient.Builder().addInterceptor(wire).build(), clock);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private List<String> contractProblems() {
    List<String> problems = new ArrayList<>();
    assertThat(wire.all()).isNotEmpty();
    for (RecordedExchanges.Exchange exchange : wire.all()) {
      problems.addAll(ALERTMANAGER.check(exchange.call()));
    }
    return problems;
  }
}
