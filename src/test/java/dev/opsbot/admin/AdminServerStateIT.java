package dev.opsbot.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.state.StateDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /healthz follows the real state database: ok while it answers, degraded while it is down. */
class AdminServerStateIT {
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> healthz(AdminServer admin) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The answer once the last one has aged out, for at most 15 s until it has the status. */
  private HttpResponse<String> healthzOnce(AdminServer admin, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    HttpResponse<String> response = healthz(admin);
    while (response.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(StateDatabaseCheck.REUSE.toMillis());
      response = healthz(admin);
    }
    return response;
  }

  @Test
  void healthzIsOkWhileTheStateDatabaseAnswersAndDegradedOnceItStops() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StateDatabase state =
            new StateDatabase(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", null);
        AdminServer admin =
            AdminServer.start(0, registry, "1.2.3", List.of(new StateDatabaseCheck(state)))) {
      HttpResponse<String> up;
      try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start()) {
        up = healthzOnce(admin, 200);
      }
      HttpResponse<String> down = healthzOnce(admin, 503);

      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).isEqualTo("{\"status\":\"ok\",\"version\":\"1.2.3\"}");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"problems\":[\"state database: connection refused\"]");
    }
  }
}
