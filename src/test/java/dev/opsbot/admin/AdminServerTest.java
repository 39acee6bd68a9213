package dev.opsbot.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.Results;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthzAnswersOkWithTheVersion() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdminServer admin = AdminServer.start(0, registry, "1.2.3", List.of())) {
      HttpResponse<String> response = get(admin.port(), "/healthz");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"version\":\"1.2.3\"}");
    }
  }

  @Test
  void metricsExposeProbeResultsForPrometheus() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProbeMetrics metrics = new ProbeMetrics(registry);
    ProbeKey backend = ProbeKey.health("backend");
    metrics.onResult(Results.up(backend, 120, "1.0", Instant.now()));
    metrics.onResult(Results.status(backend, ProbeStatus.DOWN, 503, 40, "HTTP 503", Instant.now()));
    try (AdminServer admin = AdminServer.start(0, registry, "1.2.3", List.of())) {
      HttpResponse<String> response = get(admin.port(), "/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("opsbot_probe_results_total{status=\"UP\",target=\"backend/health\"} 1.0")
          .contains("opsbot_probe_results_total{status=\"DOWN\",target=\"backend/health\"} 1.0")
          .contains("opsbot_target_up{target=\"backend/health\"} 0.0")
          .contains("opsbot_probe_latency_seconds_count{target=\"backend/health\"} 2");
    }
  }

  @Test
  void busyPortIsReportedWithWhatToDo() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdminServer first = AdminServer.start(0, registry, "1", List.of())) {
      assertThatThrownBy(() -> AdminServer.start(first.port(), registry, "1", List.of()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("is not free")
          .hasMessageContaining("OPSBOT_ADMIN_PORT");
    }
  }

  @Test
  void healthzIsDegradedAndNamesEveryProblem() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<HealthCheck> checks =
        List.of(
            Optional::empty,
            () -> Optional.of("state database: \"opsbot\" schema missing"),
            () -> Optional.of("something else"));
    try (AdminServer admin = AdminServer.start(0, registry, "1.2.3", checks)) {
      HttpResponse<String> response = get(admin.port(), "/healthz");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body())
          .isEqualTo(
              "{\"status\":\"degraded\",\"version\":\"1.2.3\",\"problems\":[\"state database:"
                  + " \\\"opsbot\\\" schema missing\",\"something else\"]}");
    }
  }

  @Test
  void healthzIsDegradedWhileTheStateDatabaseRefusesConnections() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StateDatabase state =
            new StateDatabase(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/opsbot", "opsbot", "secret");
        AdminServer admin =
            AdminServer.start(0, registry, "1.2.3", List.of(new StateDatabaseCheck(state)))) {
      long start = System.nanoTime();
      HttpResponse<String> response = get(admin.port(), "/healthz");
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body())
          .contains("\"status\":\"degraded\"")
          .contains("state database: connection refused")
          .doesNotContain("secret");
      assertThat(millis).isLessThan(StateDatabaseCheck.WAIT.toMillis() + 1000);
    }
  }
}
