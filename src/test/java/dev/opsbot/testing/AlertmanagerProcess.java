package dev.opsbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Alertmanager ({@code prometheus-alertmanager}) run by a test: on a free loopback port,
 * clustering off, its own storage directory, and one route to one webhook receiver that groups by
 * {@code alertname} and sends after 1 s, so a pushed alert reaches the webhook within seconds and
 * its resolution too. Skips (or, with OPSBOT_REQUIRE_BINARIES=1, fails) when it is not installed.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  public static final String RECEIVER = "opsbot";
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dir;
  private final int port;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private AlertmanagerProcess(Process process, Path dir, int port, String authorization) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.authorization = authorization;
  }

  /** Starts Alertmanager delivering to {@code webhookUrl}, and waits until it is ready. */
  public static AlertmanagerProcess start(Path dir, String webhookUrl) throws Exception {
    return start(dir, webhookUrl, null, null);
  }

  /** As {@link #start(Path, String)}, its webhook sending {@code Authorization: Bearer <token>}. */
  public static AlertmanagerProcess startWithWebhookToken(
      Path dir, String webhookUrl, String webhookToken) throws Exception {
    return start(dir, webhookUrl, null, webhookToken);
  }

  /**
   * As {@link #start(Path, String)}, with its API behind basic auth ({@code --web.config.file}):
   * {@code user} with {@code password}, whose bcrypt hash is {@code bcryptHash}.
   */
  public static AlertmanagerProcess startWithBasicAuth(
      Path dir, String webhookUrl, String user, String password, String bcryptHash)
      throws Exception {
    return start(dir, webhookUrl, new BasicAuth(user, password, bcryptHash), null);
  }

  private record BasicAuth(String user, String password, String bcryptHash) {}

  private static AlertmanagerProcess start(
      Path dir, String webhookUrl, BasicAuth auth, String webhookToken) throws Exception {
    Path binary =
        Binaries.require("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    Files.createDirectories(dir);
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: %s
          group_by: ['alertname']
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1m
        receivers:
          - name: %s
            webhook_configs:
              - url: '%s'
                send_resolved: true
        """
                .formatted(RECEIVER, RECEIVER, webhookUrl)
            + (webhookToken == null
                ? ""
                : "        http_config:\n"
                    + "          authorization:\n"
                    + "            credentials: '"
                    + webhookToken
                    + "'\n"));
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--config.file=" + config);
    command.add("--storage.path=" + dir.resolve("data"));
    command.add("--cluster.listen-address=");
    String authorization = null;
    if (auth != null) {
      Path web = dir.resolve("web.yml");
      Files.writeString(
          web, "basic_auth_users:\n  %s: '%s'\n".formatted(auth.user(), auth.bcryptHash()));
      command.add("--web.config.file=" + web);
      authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (auth.user() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
    }
    AssertionError last = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      List<String> run = new ArrayList<>(command);
      run.add("--web.listen-address=127.0.0.1:" + port);
      // Otherwise the payloads' externalURL names this machine's host name.
      run.add("--web.external-url=http://127.0.0.1:" + port);
      Process process =
          new ProcessBuilder(run)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("alertmanager.log").toFile())
              .start();
      AlertmanagerProcess alertmanager = new AlertmanagerProcess(process, dir, port, authorization);
      try {
        alertmanager.awaitReady();
        return alertmanager;
      } catch (AssertionError e) {
        alertmanager.close();
        last = e;
        if (!e.getMessage().contains("address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  /** Alertmanager's root, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The version Alertmanager reports ({@code GET /api/v2/status}). */
  public String version() throws Exception {
    return get("/api/v2/status").at("/versionInfo/version").asText();
  }

  /** {@code POST /api/v2/alerts} with {@code alerts} (a JSON array); fails unless 200. */
  public void pushAlerts(String alerts) throws Exception {
    HttpResponse<String> answer =
        send(
            request("/api/v2/alerts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts)));
    if (answer.statusCode() != 200) {
      throw new AssertionError(
          "Alertmanager refused the alerts (" + answer.statusCode() + "): " + answer.body());
    }
  }

  /** A {@code GET} of {@code pathAndQuery} (below the root), answered 200 with JSON. */
  public JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> answer = getRaw(pathAndQuery);
    if (answer.statusCode() != 200) {
      throw new AssertionError(
          "GET " + pathAndQuery + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  /** A {@code GET} of {@code pathAndQuery}, whatever it answers. */
  public HttpResponse<String> getRaw(String pathAndQuery) throws Exception {
    return send(request(pathAndQuery).GET());
  }

  /** Alertmanager's log so far, for a failing test's message. */
  public String log() {
    try {
      String text = Files.readString(dir.resolve("alertmanager.log"));
      return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "Alertmanager exited with " + process.exitValue() + " at start-up: " + log());
      }
      try {
        HttpResponse<String> answer = getRaw("/-/ready");
        if (answer.statusCode() == 200) {
          return;
        }
        last = answer.statusCode() + " " + answer.body();
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "Alertmanager was not ready within "
            + READY_WITHIN.toSeconds()
            + " s ("
            + last
            + "): "
            + log());
  }

  /** Stops Alertmanager (SIGTERM, then SIGKILL after 10 s) and deletes its storage. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Path data = dir.resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> paths = Files.walk(data)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
