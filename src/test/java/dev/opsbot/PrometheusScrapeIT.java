package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.testing.Binaries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes a running opsbot's {@code /metrics} on loopback: the target is up and
 * opsbot's probe metrics arrive.
 */
class PrometheusScrapeIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private Path binary;
  private DemoBot demo;
  private Process prometheus;
  private int prometheusPort;

  @BeforeEach
  void start() throws Exception {
    binary = Binaries.require("prometheus", "prometheus");
    demo = DemoBot.start();
    prometheusPort = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: opsbot
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(demo.bot().adminPort()));
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      // The TSDB's files are gone before @TempDir cleans up, whatever state they were left in.
      delete(dir.resolve("data"));
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void prometheusScrapesOpsbotAndItsProbeMetricsArrive() throws Exception {
    String target = "127.0.0.1:" + demo.bot().adminPort();

    JsonNode up = await("up{job=\"opsbot\"} == 1", "up{job=\"opsbot\"}");
    assertThat(up.at("/metric/instance").asText()).isEqualTo(target);
    assertThat(up.at("/value/1").asText()).isEqualTo("1");

    JsonNode probes =
        await("opsbot's probe results", "opsbot_probe_results_total{target=\"backend/health\"}");
    assertThat(probes.at("/metric/job").asText()).isEqualTo("opsbot");
    assertThat(Double.parseDouble(probes.at("/value/1").asText())).isPositive();
  }

  /** The first series {@code query} answers with a sample, once one arrives (and up is 1). */
  private JsonNode await(String what, String query) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive()) {
        throw new AssertionError(
            "prometheus exited with "
                + prometheus.exitValue()
                + ": "
                + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + prometheusPort
                                + "/api/v1/query?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        last = answer.statusCode() + " " + answer.body();
        JsonNode result = JSON.readTree(answer.body()).at("/data/result");
        if (answer.statusCode() == 200
            && result.size() > 0
            && !(query.startsWith("up") && !"1".equals(result.at("/0/value/1").asText()))) {
          return result.get(0);
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Prometheus did not report " + what + " within " + PATIENCE.toSeconds() + " s: " + last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
