package dev.opsbot.probe;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.opsbot.config.EndpointConfig;
import dev.opsbot.config.FieldPath;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.config.Timeouts;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpProbeTest {
  private static final String API_KEY = "http-probe-test-key-6b2d";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
  // Short enough to keep the suite fast; slowAfter beyond the overall timeout so that only the
  // slowness test can see a slow answer.
  private static final Timeouts TIMEOUTS =
      new Timeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1));
  private static final ProbeSettings SETTINGS =
      new ProbeSettings(null, null, null, null, null, 256, null, Duration.ofSeconds(5), TIMEOUTS);
  private static final Duration RETURNS_WITHIN = Duration.ofSeconds(5);

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void healthyAnswerIsUpWithVersionLatencyAndPhases() {
    server.enqueue(json(200, "{\"status\":\"ok\",\"version\":\"2.4.1\"}"));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.key()).isEqualTo(ProbeKey.health("api"));
    assertThat(result.status()).isEqualTo(ProbeStatus.UP);
    assertThat(result.httpCode()).isEqualTo(200);
    assertThat(result.version()).isEqualTo("2.4.1");
    assertThat(result.reason()).isEqualTo("ok");
    assertThat(result.latency()).isPositive();
    assertThat(result.at()).isEqualTo(CLOCK.instant());
    assertThat(result.phases().connect()).isNotNull();
    assertThat(result.phases().firstByte()).isNotNull();
    assertThat(result.phases().tls()).as("plain HTTP has no TLS phase").isNull();
  }

  @Test
  void everyProbeConnectsAfreshSoConnectIsTimedEachTime() {
    server.enqueue(json(200, "{\"status\":\"ok\"}"));
    server.enqueue(json(200, "{\"status\":\"ok\"}"));
    HttpProbe probe = healthProbe(service());

    ProbeResult first = probe.run();
    ProbeResult second = probe.run();

    assertThat(first.phases().connect()).isNotNull();
    assertThat(second.status()).isEqualTo(ProbeStatus.UP);
    assertThat(second.phases().connect()).as("no pooled connection reused").isNotNull();
    assertThat(second.phases().firstByte()).isNotNull();
  }

  @Test
  void pooledConnectionClosedByTheServerIsReplacedNotReadAsDown() {
    // Servers close idle keep-alive connections (uvicorn and Node after 5 s) without telling.
    server.enqueue(
        json(200, "{\"status\":\"ok\"}")
            .newBuilder()
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(json(200, "{\"status\":\"ok\"}"));
    HttpProbe probe = healthProbe(service());

    ProbeResult first = probe.run();
    ProbeResult second = probe.run();

    assertThat(first.status()).isEqualTo(ProbeStatus.UP);
    assertThat(second.status()).as(second.reason()).isEqualTo(ProbeStatus.UP);
  }

  @Test
  void healthyValueIsRecognisedWhateverItsCase() {
    server.enqueue(json(200, "{\"status\":\"HEALTHY\"}"));

    assertThat(healthProbe(service()).run().status()).isEqualTo(ProbeStatus.UP);
  }

  @Test
  void unhealthyStatusIsDegradedWithAReasonNamingTheField() {
    server.enqueue(json(200, "{\"status\":\"degraded\",\"version\":\"1.9.0\"}"));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DEGRADED);
    assertThat(result.reason()).isEqualTo(".status is 'degraded'");
    assertThat(result.version()).isEqualTo("1.9.0");
  }

  @Test
  void answerWithoutAStatusFieldIsDegraded() {
    server.enqueue(json(200, "{\"uptime\":12345}"));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DEGRADED);
    assertThat(result.reason()).isEqualTo("no .status field in the response");
  }

  @Test
  void configuredStatusPathAndHealthyValuesDecide() {
    ServiceConfig service =
        service(FieldPath.of(".checks.overall"), List.of("green"), null, Map.of(), true);
    server.enqueue(json(200, "{\"checks\":{\"overall\":\"green\"},\"status\":\"broken\"}"));
    server.enqueue(json(200, "{\"checks\":{\"overall\":\"amber\"},\"status\":\"ok\"}"));
    HttpProbe probe = healthProbe(service);

    assertThat(probe.run().status()).isEqualTo(ProbeStatus.UP);
    ProbeResult amber = probe.run();
    assertThat(amber.status()).isEqualTo(ProbeStatus.DEGRADED);
    assertThat(amber.reason()).isEqualTo(".checks.overall is 'amber'");
  }

  @Test
  void serverErrorIsDown() {
    server.enqueue(json(503, "{\"status\":\"ok\"}"));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.httpCode()).isEqualTo(503);
    assertThat(result.reason()).isEqualTo("HTTP 503");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void rejectedCredentialsAreDownPointingAtTheApiKey(int code) {
    server.enqueue(json(code, "{\"detail\":\"invalid key\"}"));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.reason()).isEqualTo("HTTP " + code + ": check the API key");
  }

  @Test
  void refusedConnectionIsDown() throws IOException {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/").toString();
    gone.close();

    ProbeResult result = healthProbe(service(url)).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.httpCode()).isNull();
    assertThat(result.reason()).startsWith("connection refused by ");
  }

  @Test
  void serverThatNeverAnswersIsDownOnceTheTimeoutFires() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    ProbeResult result = assertTimeoutPreemptively(RETURNS_WITHIN, healthProbe(service())::run);

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.httpCode()).isNull();
    assertThat(result.reason()).startsWith("timed out after ");
  }

  @Test
  void bodyTricklingInSlowerThanTheOverallTimeoutIsCutOff() {
    // Every byte comes well within the read timeout; only the overall timeout can stop this.
    String body = "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(200) + "\"}";
    server.enqueue(
        new MockResponse.Builder().code(200).body(body).throttleBody(1, 100, MILLISECONDS).build());

    ProbeResult result = assertTimeoutPreemptively(RETURNS_WITHIN, healthProbe(service())::run);

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.reason()).startsWith("timed out after ");
  }

  @Test
  void bodyLargerThanTheLimitIsDown() {
    String tenMegabytes = "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    server.enqueue(json(200, tenMegabytes));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.httpCode()).isEqualTo(200);
    assertThat(result.reason()).isEqualTo("response body larger than 256 KiB");
  }

  @Test
  void endlessBodyIsNotReadPastTheLimit() {
    server.enqueue(new MockResponse.Builder().code(200).body(new EndlessBody()).build());

    ProbeResult result = assertTimeoutPreemptively(RETURNS_WITHIN, healthProbe(service())::run);

    // Reading on would end in "timed out after 1 s" instead.
    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.reason()).isEqualTo("response body larger than 256 KiB");
  }

  @Test
  void bodyOfExactlyTheLimitIsRead() {
    String prefix = "{\"status\":\"ok\",\"pad\":\"";
    String suffix = "\"}";
    String body = prefix + "x".repeat(256 * 1024 - prefix.length() - suffix.length()) + suffix;
    server.enqueue(json(200, body));

    assertThat(healthProbe(service()).run().status()).isEqualTo(ProbeStatus.UP);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\": \"ok\"",
        "<html><body><h1>Application error</h1></body></html>",
        "",
        "\"ok\""
      })
  void answerThatIsNotAJsonObjectIsDown(String body) {
    server.enqueue(json(200, body));

    ProbeResult result = healthProbe(service()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.reason()).isEqualTo("body is not JSON");
  }

  @Test
  void serviceNotExpectedToAnswerJsonIsUpOnAnyOkAnswer() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>fine</html>").build());

    ProbeResult result = healthProbe(service(null, null, null, Map.of(), false)).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.UP);
    assertThat(server.takeRequest().getHeaders().get("Accept")).isEqualTo("*/*");
  }

  @Test
  void correctButSlowAnswerIsDegraded() {
    ServiceConfig service = service(null, null, Duration.ofMillis(100), Map.of(), true);
    server.enqueue(
        json(200, "{\"status\":\"ok\"}").newBuilder().headersDelay(300, MILLISECONDS).build());

    ProbeResult result = healthProbe(service).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DEGRADED);
    assertThat(result.reason()).startsWith("slow: ").endsWith(" ms (limit 100 ms)");
  }

  @Test
  void configuredHeaderIsSentWithTheRequest() throws InterruptedException {
    server.enqueue(json(200, "{\"status\":\"ok\"}"));

    healthProbe(service()).run();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/health");
    assertThat(request.getHeaders().get("X-API-Key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void headerWithAnEmptyValueIsLeftOut() throws InterruptedException {
    server.enqueue(json(200, "{\"status\":\"ok\"}"));
    ServiceConfig service = service(null, null, null, Map.of("X-API-Key", Secret.of("")), true);

    healthProbe(service).run();

    assertThat(server.takeRequest().getHeaders().names()).doesNotContain("X-API-Key");
  }

  @Test
  void endpointProbeExtractsNestedAndListFields() throws InterruptedException {
    server.enqueue(
        json(
            200,
            """
            {"aurea": {"running": true, "cycles_completed": 42},
             "next_jobs": [{"name": "nightly-digest", "in": 60}, {"name": "backup", "in": 300}]}
            """));

    ProbeResult result = endpointProbe(usageFields()).run();

    assertThat(result.key()).isEqualTo(ProbeKey.endpoint("api", "usage"));
    assertThat(result.status()).isEqualTo(ProbeStatus.UP);
    assertThat(result.field("running")).hasValueSatisfying(v -> assertThat(v.asBoolean()).isTrue());
    assertThat(result.field("cycles")).hasValueSatisfying(v -> assertThat(v.asInt()).isEqualTo(42));
    assertThat(result.field("nextJobs"))
        .hasValueSatisfying(v -> assertThat(v.isArray() && v.size() == 2).isTrue());
    assertThat(result.field("firstJob"))
        .hasValueSatisfying(v -> assertThat(v.asText()).isEqualTo("nightly-digest"));
    assertThat(server.takeRequest().getTarget()).isEqualTo("/systems/usage");
  }

  @Test
  void endpointMissingAFieldIsDegradedNamingItAndKeepsTheOthers() {
    server.enqueue(
        json(200, "{\"aurea\": {\"running\": false}, \"next_jobs\": [{\"name\": \"backup\"}]}"));

    ProbeResult result = endpointProbe(usageFields()).run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DEGRADED);
    assertThat(result.reason()).isEqualTo("missing field .aurea.cycles_completed");
    assertThat(result.fields()).containsOnlyKeys("running", "nextJobs", "firstJob");
  }

  private static Map<String, FieldPath> usageFields() {
    Map<String, FieldPath> fields = new LinkedHashMap<>();
    fields.put("running", FieldPath.of(".aurea.running"));
    fields.put("cycles", FieldPath.of(".aurea.cycles_completed"));
    fields.put("nextJobs", FieldPath.of(".next_jobs"));
    fields.put("firstJob", FieldPath.of(".next_jobs[0].name"));
    return fields;
  }

  private HttpProbe healthProbe(ServiceConfig service) {
    return HttpProbe.health(service, SETTINGS, client, CLOCK);
  }

  private HttpProbe endpointProbe(Map<String, FieldPath> fields) {
    EndpointConfig usage = new EndpointConfig("/systems/usage", fields);
    return HttpProbe.endpoint(service(), "usage", usage, SETTINGS, client, CLOCK);
  }

  private ServiceConfig service() {
    return service(server.url("/").toString());
  }

  private ServiceConfig service(
      FieldPath statusPath,
      List<String> healthyValues,
      Duration slowAfter,
      Map<String, Secret> headers,
      boolean expectJson) {
    return new ServiceConfig(
        "api",
        "API",
        "render",
        server.url("/").toString(),
        "/health",
        expectJson,
        statusPath,
        healthyValues,
        null,
        slowAfter,
        headers,
        null,
        null);
  }

  private static ServiceConfig service(String baseUrl) {
    return new ServiceConfig(
        "api",
        "API",
        "render",
        baseUrl,
        "/health",
        null,
        null,
        null,
        null,
        null,
        Map.of("X-API-Key", Secret.of(API_KEY)),
        null,
        null);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A body that never ends: it writes until the client hangs up. */
  private static final class EndlessBody implements MockResponseBody {
    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] chunk = "x".repeat(64 * 1024).getBytes();
      while (true) {
        sink.write(chunk);
        sink.flush();
      }
    }
  }
}
