package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.slack.FakeSlackChannel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of {@code java -jar target/opsbot.jar run} against one PostgreSQL and one Slack
 * channel that has a bad day (429s, 503s, answers lost after the message was taken), while services
 * go down and recover, people acknowledge through whichever replica the load balancer picks, and
 * replicas are killed with SIGKILL (and once stopped with SIGTERM) and started again. What the
 * channel shows at the end must not depend on any of it.
 */
class ReplicasChaosIT {
  private static final String SECRET = "chaos-signing-secret-0123456789ab";
  private static final int REPLICAS = 3;
  private static final Duration ESCALATE_AFTER = Duration.ofSeconds(20);

  /** One outage: a service down from {@code downAt} to {@code upAt} s, and when it is acked. */
  private record Outage(String service, int downAt, int upAt, Ack ack) {}

  private enum Ack {
    EARLY, // as soon as it fires: it must never escalate
    LATE, // after it escalated: nothing may escalate after the acknowledgement
    NEVER // it escalates once
  }

  private static final List<Outage> OUTAGES =
      List.of(
          new Outage("svc-1", 5, 55, Ack.EARLY),
          new Outage("svc-2", 5, 70, Ack.NEVER),
          new Outage("svc-3", 20, 65, Ack.EARLY),
          new Outage("svc-4", 30, 85, Ack.LATE),
          new Outage("svc-5", 45, 80, Ack.NEVER));
  private static final int SCRIPT_SECONDS = 90;

  @TempDir Path dir;
  private EmbeddedPostgres postgres;
  private final MockWebServer fleet = new MockWebServer();
  private final MockWebServer slack = new MockWebServer();
  private final FakeSlackChannel channel = new FakeSlackChannel(Clock.systemUTC());
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Process[] replicas = new Process[REPLICAS];
  private final int[] slackPorts = new int[REPLICAS];
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private int incarnations;
  private volatile String lastAnswer = "none";
  private final java.util.concurrent.atomic.AtomicInteger triggers =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    fleet.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String service = request.getUrl().encodedPath().split("/")[1];
            return down.contains(service)
                ? new MockResponse.Builder().code(503).body("{\"status\":\"down\"}").build()
                : new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body("{\"status\":\"healthy\",\"version\":\"1.0.0\"}")
                    .build();
          }
        });
    fleet.start();
    slack.setDispatcher(channel);
    slack.start();
    for (int i = 0; i < REPLICAS; i++) {
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        slackPorts[i] = free.getLocalPort();
      }
    }
    writeConfiguration();
  }

  @AfterEach
  void stop() throws Exception {
    for (Process replica : replicas) {
      if (replica != null) {
        replica.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    // The replicas' logs, for a failure to be read after the temporary directory is gone.
    Path kept = Path.of("target", "chaos-logs");
    Files.createDirectories(kept);
    try (var logs = Files.newDirectoryStream(dir, "replica-*.log")) {
      for (Path log : logs) {
        Files.copy(
            log,
            kept.resolve(log.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    fleet.close();
    slack.close();
    postgres.close();
  }

  @Test
  void everyMessageOnceNoEscalationAfterAnAcknowledgementNothingLost() throws Exception {
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < REPLICAS; i++) {
      launch(i);
    }
    for (int i = 0; i < REPLICAS; i++) {
      awaitStarted(i);
    }
    channel.weather(new FakeSlackChannel.Weather(0.05, 0.05, 0.10));

    Map<String, Long> ackedAt = new LinkedHashMap<>();
    List<String> chaos = new ArrayList<>();
    long t0 = System.nanoTime();
    int nextKill = 8;
    boolean gracefulDone = false;
    for (int second = 0; second <= SCRIPT_SECONDS; second++) {
      sleepUntil(t0, second);
      for (Outage outage : OUTAGES) {
        if (second == outage.downAt()) {
          down.add(outage.service());
        }
        if (second == outage.upAt()) {
          down.remove(outage.service());
        }
      }
      acknowledge(random, ackedAt);
      if (second == nextKill) {
        int victim = random.nextInt(REPLICAS);
        boolean graceful = !gracefulDone && second > 40;
        gracefulDone |= graceful;
        chaos.add(
            (graceful ? "SIGTERM " : "SIGKILL ") + "replica " + victim + " at " + second + " s");
        if (graceful) {
          replicas[victim].destroy();
          replicas[victim].waitFor(30, TimeUnit.SECONDS);
        } else {
          replicas[victim].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        launch(victim); // back after its JVM starts, as a supervisor would restart it
        nextKill += 9 + random.nextInt(5);
      }
    }
    channel.weather(FakeSlackChannel.Weather.CALM);
    for (int i = 0; i < REPLICAS; i++) {
      awaitStarted(i);
    }
    awaitSettled();

    Map<String, Long> alerts = alertIdsByService();
    List<FakeSlackChannel.Posted> messages = channel.messages();
    Map<String, List<FakeSlackChannel.Posted>> byKey =
        messages.stream()
            .filter(m -> m.metadataKey() != null)
            .collect(
                Collectors.groupingBy(
                    FakeSlackChannel.Posted::metadataKey, TreeMap::new, Collectors.toList()));
    System.out.printf(
        "chaos: seed %d; %s; Slack: %d posts tried, %d refused 429, %d refused 503, %d answers"
            + " lost, %d history reads; channel: %d messages, %d keys; alerts %s; acked %s;"
            + " last /ack answer: %s%n",
        seed,
        chaos,
        channel.posts.get(),
        channel.refused429.get(),
        channel.refused503.get(),
        channel.answersLost.get(),
        channel.historyReads.get(),
        messages.size(),
        byKey.size(),
        alerts,
        ackedAt.keySet(),
        lastAnswer);

    assertThat(messages)
        .as("every message opsbot posted carries its outbox key")
        .allMatch(m -> m.metadataKey() != null);
    assertThat(
            byKey.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey))
        .as("messages in the channel more than once (seed %d)", seed)
        .isEmpty();
    assertThat(sentKeys())
        .as("every message the outbox sent is in the channel")
        .allSatisfy(key -> assertThat(byKey).containsKey(key));
    assertThat(outboxCounts()).as("outbox: nothing pending, nothing failed").isEqualTo("0/0");

    assertThat(alerts.keySet())
        .as("an alert for every outage")
        .containsExactlyInAnyOrderElementsOf(OUTAGES.stream().map(Outage::service).toList());
    assertThat(openAlerts()).as("every alert resolved once its service was back").isZero();
    for (Outage outage : OUTAGES) {
      long id = alerts.get(outage.service());
      assertThat(byKey).as("parent of %s", outage.service()).containsKey("alert-" + id + "/parent");
      assertThat(byKey)
          .as("resolution of %s", outage.service())
          .containsKey("alert-" + id + "/resolved/reply");
      boolean escalated = byKey.containsKey("alert-" + id + "/page-1");
      switch (outage.ack()) {
        case EARLY ->
            assertThat(escalated).as("%s acked before escalateAfter", outage.service()).isFalse();
        case NEVER -> assertThat(escalated).as("%s never acked", outage.service()).isTrue();
        case LATE -> {
          assertThat(escalated).as("%s escalated before its ack", outage.service()).isTrue();
          assertThat(escalationEnqueuedBeforeAck(id)).isTrue();
        }
      }
    }
    assertThat(byKey.keySet().stream().filter(k -> k.endsWith("/ack/reply")))
        .as("one acknowledgement message per acknowledged alert")
        .hasSize(ackedAt.size());
    assertThat(byKey.keySet().stream().filter(k -> k.matches("digest:#ops:\\d{4}-\\d{2}-\\d{2}")))
        .as("the digest, once")
        .hasSize(1);
  }

  /** Acknowledges, through a random live replica, what the script says is due. */
  private void acknowledge(Random random, Map<String, Long> ackedAt) throws Exception {
    for (Outage outage : OUTAGES) {
      if (outage.ack() == Ack.NEVER || ackedAt.containsKey(outage.service())) {
        continue;
      }
      Optional<long[]> fired = firedAlert(outage.service());
      if (fired.isEmpty()) {
        continue;
      }
      long firedMillis = fired.get()[1];
      long age = System.currentTimeMillis() - firedMillis;
      boolean due =
          outage.ack() == Ack.EARLY ? age > 1_000 : age > ESCALATE_AFTER.toMillis() + 8_000;
      if (!due) {
        continue;
      }
      for (int attempt = 0; attempt < REPLICAS * 2; attempt++) {
        int replica = random.nextInt(REPLICAS);
        slashCommand(replica, "/ack", String.valueOf(fired.get()[0]));
        // The database says whether it took: a replica killed mid-request may have stored it.
        if (count(
                "SELECT count(*) FROM alerts WHERE id = "
                    + fired.get()[0]
                    + " AND acknowledged_at IS NOT NULL")
            == 1) {
          ackedAt.put(outage.service(), System.currentTimeMillis());
          break;
        }
      }
    }
  }

  private Optional<String> slashCommand(int replica, String command, String text) {
    String body =
        "command="
            + command
            + "&text="
            + text
            + "&user_id=U0CHAOS&user_name=chaos&channel_id="
            + FakeSlackChannel.ID
            + "&team_id=T0CHAOS&trigger_id=1.2."
            + triggers.incrementAndGet()
            + "&response_url=http%3A%2F%2F127.0.0.1%3A"
            + slack.getPort()
            + "%2Frespond%2F1";
    long timestamp = System.currentTimeMillis() / 1000;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature =
          "v0="
              + HexFormat.of()
                  .formatHex(
                      mac.doFinal(
                          ("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + slackPorts[replica] + "/slack/events"))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                  .header("X-Slack-Signature", signature)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      lastAnswer = response.statusCode() + " " + response.body();
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (Exception e) {
      lastAnswer = e.toString();
      return Optional.empty(); // that replica is down: the load balancer would try another
    }
  }

  private void launch(int slot) throws Exception {
    Path jar = Path.of(System.getProperty("opsbot.jar", "target/opsbot.jar")).toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = dir.resolve("replica-" + slot + "-" + (++incarnations) + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(java, "-Xmx256m", "-jar", jar.toString(), "run", "--config", "opsbot.yaml"))
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SLACK_BOT_TOKEN", "xoxb-chaos-0000");
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("SLACK_HTTP_PORT", String.valueOf(slackPorts[slot]));
    env.put("SLACK_API_URL", slack.url("/api/").toString());
    env.put("OPSBOT_STATE_DB_URL", postgres.getJdbcUrl("postgres", "postgres"));
    env.put("OPSBOT_STATE_DB_USER", "postgres");
    env.put("OPSBOT_LOCATION", "site-" + slot);
    env.put("OPSBOT_ADMIN_PORT", "0");
    replicas[slot] = builder.start();
    logs[slot] = log;
  }

  private final Path[] logs = new Path[REPLICAS];

  private void awaitStarted(int slot) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String log = Files.exists(logs[slot]) ? Files.readString(logs[slot]) : "";
      assertThat(replicas[slot].isAlive()).as("replica %d: %s", slot, log).isTrue();
      if (log.contains("event=started")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("replica " + slot + " did not start: " + Files.readString(logs[slot]));
  }

  /** Until every alert is resolved and the outbox has sent everything (at most 90 s). */
  private void awaitSettled() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (openAlerts() == 0 && outboxCounts().equals("0/0") && digestSent()) {
        Thread.sleep(2_000); // a late duplicate would show up now
        return;
      }
      Thread.sleep(500);
    }
  }

  private void writeConfiguration() throws Exception {
    StringBuilder services = new StringBuilder();
    for (Outage outage : OUTAGES) {
      services.append(
          """
            - id: %s
              name: %s
              platform: render
              baseUrl: %s
              healthPath: /health
          """
              .formatted(
                  outage.service(),
                  outage.service(),
                  fleet.url("/" + outage.service()).toString().replaceAll("/$", "")));
    }
    // The digest is due a little after the outages begin, while replicas are being killed.
    String digestAt =
        ZonedDateTime.now(ZoneOffset.UTC)
            .plusSeconds(75)
            .format(DateTimeFormatter.ofPattern("HH:mm"));
    Files.writeString(
        dir.resolve("opsbot.yaml"),
        """
        probe:
          interval: 1s
          freshness: 1s
          failureThreshold: 1
          location: ${OPSBOT_LOCATION:-default}
          timeouts:
            connect: 1s
            read: 1s
            overall: 2s
        admin:
          port: ${OPSBOT_ADMIN_PORT:-0}
        access:
          roles:
            oncall:
              slackUsers: [U0CHAOS]
        state:
          url: ${OPSBOT_STATE_DB_URL}
          user: ${OPSBOT_STATE_DB_USER}
        digest:
          channels:
            - channel: "#ops"
              time: "%s"
              zone: UTC
              days: every-day
        services:
        %s\
        """
            .formatted(digestAt, services));
    Files.createDirectories(dir.resolve("alerts"));
    Files.writeString(
        dir.resolve("alerts/rules.yaml"),
        """
        defaults:
          holdFor: 2s
          clearFor: 3s
          repeatEvery: 1h
          escalateAfter: %ds
          groupWithin: 0s
        escalation:
          mention: "<!subteam^S0ONCALL>"
        routes:
          critical: "#ops"
        rules:
          - id: service-down
            summary: "{service} is down: {reason}"
            when:
              status: DOWN
            severity: critical
        """
            .formatted(ESCALATE_AFTER.toSeconds()));
  }

  private static void sleepUntil(long t0, int second) throws InterruptedException {
    long wait = t0 + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private Connection database() throws Exception {
    return DriverManager.getConnection(
        postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=opsbot");
  }

  /** The id and fired time (ms) of the firing, unacknowledged alert of a service, if any. */
  private Optional<long[]> firedAlert(String service) throws Exception {
    try (Connection c = database();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT id, fired_at FROM alerts WHERE service = '"
                    + service
                    + "' AND state = 'firing' AND fired_at IS NOT NULL")) {
      return rows.next()
          ? Optional.of(new long[] {rows.getLong(1), rows.getTimestamp(2).getTime()})
          : Optional.empty();
    }
  }

  private Map<String, Long> alertIdsByService() throws Exception {
    Map<String, Long> ids = new TreeMap<>();
    try (Connection c = database();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT service, id FROM alerts WHERE fired_at IS NOT NULL ORDER BY id")) {
      while (rows.next()) {
        assertThat(ids.put(rows.getString(1), rows.getLong(2)))
            .as("one alert for %s: it went down once", rows.getString(1))
            .isNull();
      }
    }
    return ids;
  }

  private int openAlerts() throws Exception {
    return count("SELECT count(*) FROM alerts WHERE state <> 'resolved'");
  }

  private boolean digestSent() throws Exception {
    return count(
            "SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'digest:%' AND state = 'sent'")
        > 0;
  }

  private String outboxCounts() throws Exception {
    return count("SELECT count(*) FROM outbox WHERE state = 'pending'")
        + "/"
        // The digest's chart is a file upload, which this fake Slack does not take.
        + count(
            "SELECT count(*) FROM outbox WHERE state = 'failed' AND idempotency_key NOT LIKE"
                + " '%:chart'");
  }

  private List<String> sentKeys() throws Exception {
    List<String> keys = new ArrayList<>();
    try (Connection c = database();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT idempotency_key FROM outbox WHERE state = 'sent' AND kind <> 'update'"
                    + " AND channel NOT LIKE 'email:%'")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    return keys;
  }

  private boolean escalationEnqueuedBeforeAck(long id) throws Exception {
    return count(
            "SELECT count(*) FROM outbox o JOIN alerts a ON a.id = "
                + id
                + " WHERE o.idempotency_key = 'alert-"
                + id
                + "/page-1' AND o.created_at < a.acknowledged_at")
        == 1;
  }

  private int count(String sql) throws Exception {
    try (Connection c = database();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
