package dev.opsbot.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.alert.ConditionCheck;
import dev.opsbot.alert.ConditionResult;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.Problem;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Render's memory and CPU (GET /v1/metrics/memory, /memory-limit, /cpu answering the
 * timeSeriesCollection of render-public-api-schema.ts) as the fields of a service's "platform"
 * endpoint, which the shipped memory rule of alerts/rules.yaml reads.
 */
class RenderMetricsProbeTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  private static final long MIB = 1024 * 1024;

  private final FakeClock clock = new FakeClock(NOW);
  private final MockWebServer render = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    render.start();
  }

  @AfterEach
  void stop() {
    render.close();
    http.connectionPool().evictAll();
  }

  private RenderMetricsProbe probe() {
    RollbackSettings settings =
        new RollbackSettings(
            null,
            null,
            null,
            null,
            new RollbackSettings.RenderApi(
                render.url("/v1").toString(), Secret.of("rnd_metrics_key_0123"), null),
            null,
            Map.of("backend", new RollbackSettings.DeployTarget("render", "srv-backend")),
            null,
            Duration.ofMinutes(1));
    return new RenderMetricsProbe("backend", "srv-backend", settings, http, clock);
  }

  /** One series per instance; the newest point last. */
  private static MockResponse series(String unit, double... newestPerInstance) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < newestPerInstance.length; i++) {
      all.add(
          """
          {"labels":[{"field":"resource","value":"srv-backend"},{"field":"instance",\
          "value":"srv-backend-%d"}],"values":[{"timestamp":"2026-12-02T08:58:00Z","value":%s},\
          {"timestamp":"2026-12-02T08:59:00Z","value":%s}],"unit":"%s"}\
          """
              .formatted(i, newestPerInstance[i] / 2, newestPerInstance[i], unit));
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body("[" + String.join(",", all) + "]")
        .build();
  }

  private static AlertRule shippedMemoryRule() {
    List<Problem> problems = new ArrayList<>();
    AlertRules rules =
        new ConfigLoader(Map.of()).loadAlertRules(Path.of("alerts/rules.yaml"), problems);
    return rules.effectiveRules().stream()
        .filter(r -> r.id().equals("memory"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void memoryAboveEightyPercentOfTheLimitFiresTheShippedMemoryRule() throws Exception {
    render.enqueue(series("bytes", 300 * MIB, 440 * MIB));
    render.enqueue(series("bytes", 512 * MIB, 512 * MIB));
    render.enqueue(series("cpu", 0.35, 0.12));

    ProbeResult result = probe().run();

    RecordedRequest memory = render.takeRequest(5, TimeUnit.SECONDS);
    assertThat(memory.getUrl().encodedPath()).isEqualTo("/v1/metrics/memory");
    assertThat(memory.getUrl().queryParameter("resource")).isEqualTo("srv-backend");
    assertThat(memory.getUrl().queryParameter("startTime")).isEqualTo("2026-12-02T08:55:00Z");
    assertThat(memory.getUrl().queryParameter("endTime")).isEqualTo("2026-12-02T09:00:00Z");
    assertThat(render.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1/metrics/memory-limit");
    assertThat(render.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1/metrics/cpu");
    assertThat(result.key()).isEqualTo(ProbeKey.endpoint("backend", "platform"));
    assertThat(result.status()).isEqualTo(ProbeStatus.UP);
    assertThat(result.fields())
        .hasEntrySatisfying("memoryPercent", v -> assertThat(v.asDouble()).isEqualTo(85.9))
        .hasEntrySatisfying("memoryMb", v -> assertThat(v.asDouble()).isEqualTo(440.0))
        .hasEntrySatisfying("memoryLimitMb", v -> assertThat(v.asDouble()).isEqualTo(512.0))
        .hasEntrySatisfying("cpu", v -> assertThat(v.asDouble()).isEqualTo(0.35));

    AlertRule rule = shippedMemoryRule();
    assertThat(ConditionCheck.reads(rule, result.key())).isTrue();
    assertThat(ConditionCheck.check(rule, result))
        .isEqualTo(new ConditionResult.Met("85.9", "> 80", "memoryPercent 85.9 > 80"));
  }

  @Test
  void renderIsAskedAtMostOncePerIntervalAndTheLastReadingStandsBetween() {
    render.enqueue(series("bytes", 200 * MIB));
    render.enqueue(series("bytes", 512 * MIB));
    render.enqueue(series("cpu", 0.1));
    RenderMetricsProbe probe = probe();

    probe.run();
    clock.advance(Duration.ofSeconds(30));
    ProbeResult again = probe.run();

    assertThat(render.getRequestCount()).isEqualTo(3);
    assertThat(again.field("memoryPercent").orElseThrow().asDouble()).isEqualTo(39.1);
    assertThat(ConditionCheck.check(shippedMemoryRule(), again))
        .isEqualTo(new ConditionResult.NotMet("39.1"));
  }

  @Test
  void aFailingMetricsApiMakesTheReadingUnknownNotAnAlert() {
    render.enqueue(new MockResponse.Builder().code(500).body("{\"message\":\"oops\"}").build());

    ProbeResult result = probe().run();

    assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(result.reason())
        .startsWith("Render failed (500) while reading the memory of srv-backend");
    assertThat(ConditionCheck.check(shippedMemoryRule(), result))
        .isInstanceOf(ConditionResult.Unknown.class);
  }
}
