package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.chat.slack.SlackBot;
import dev.opsbot.chat.slack.SlackOutboxSender;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.demo.DemoFleet;
import dev.opsbot.demo.FaultCommand;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An alert's whole life with Slack as MockWebServer: the demo fleet, the demo's alert rules, the
 * real state database, the outbox, signed button clicks, a restart and a Slack outage.
 */
class AlertsInSlackIT {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newHttpClient();
  private final MockWebServer slack = new MockWebServer();
  private final List<SlackCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong slackDownUntil = new AtomicLong();
  private final AtomicInteger refusedDuringOutage = new AtomicInteger();
  private final AtomicInteger ts = new AtomicInteger(100);
  private DemoFleet fleet;
  private Opsbot bot;
  private SlackBot slackBot;

  /** One call opsbot made to the Slack API: its method and decoded form fields. */
  private record SlackCall(String method, Map<String, String> fields) {
    String field(String name) {
      return fields.getOrDefault(name, "");
    }
  }

  @BeforeEach
  void start() throws Exception {
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String method = path.substring(path.lastIndexOf('/') + 1);
            if (path.startsWith("/api/chat.") && System.nanoTime() < slackDownUntil.get()) {
              refusedDuringOutage.incrementAndGet();
              return new MockResponse.Builder().code(503).body("Service Unavailable").build();
            }
            Map<String, String> fields = form(request.getBody().utf8());
            String postedTs = "1700000000.000" + ts.incrementAndGet();
            if (method.equals("chat.postMessage")) {
              fields.put("posted_ts", postedTs);
            }
            calls.add(new SlackCall(path.startsWith("/respond/") ? "respond" : method, fields));
            return switch (method) {
              case "users.info" ->
                  json(
                      "{\"ok\":true,\"user\":{\"id\":\"U0ONCALL\",\"name\":\"olga\",\"profile\":"
                          + "{\"display_name\":\"Olga P.\"}}}");
              case "chat.postMessage" ->
                  json("{\"ok\":true,\"channel\":\"C0CRIT\",\"ts\":\"" + postedTs + "\"}");
              case "chat.update" ->
                  json("{\"ok\":true,\"channel\":\"C0CRIT\",\"ts\":\"" + fields.get("ts") + "\"}");
              default -> json("{\"ok\":true}");
            };
          }
        });
    slack.start();
    fleet = DemoFleet.start(Clock.systemUTC());
    startBot();
  }

  private void startBot() throws IOException {
    Map<String, String> env =
        Map.of(
            "SLACK_BOT_TOKEN",
            "xoxb-test-token-0000",
            "SLACK_SIGNING_SECRET",
            SECRET,
            "SLACK_HTTP_PORT",
            "0",
            "SLACK_API_URL",
            slack.url("/api/").toString());
    Configuration configuration =
        Configuration.parse(
            new ConfigLoader(fleet.environment(env)),
            "config/demo.yaml",
            demoConfig(),
            Path.of("alerts/demo-rules.yaml"));
    bot =
        Opsbot.start(configuration, Clock.systemUTC(), List.of(new FaultCommand(fleet.services())));
    // As the demo does: its scheduled job pings (else heartbeat-missed fires during the test).
    fleet.heartbeat().pingTo(bot.adminPort());
    SlackSettings settings = SlackSettings.fromEnvironment(env).orElseThrow();
    bot.chatRoutes().routeDefault(SlackOutboxSender.of(settings));
    slackBot = SlackBot.start(settings, bot.router());
  }

  private void stopBot() {
    slackBot.close();
    bot.close();
  }

  private static String demoConfig() throws IOException {
    return java.nio.file.Files.readString(Path.of("config/demo.yaml"));
  }

  @AfterEach
  void stop() throws Exception {
    stopBot();
    fleet.close();
    slack.close();
  }

  @Test
  void anAlertIsPostedOnceAcknowledgedByButtonKeptAcrossARestartAndResolvedAfterAnOutage()
      throws Exception {
    Caller oncall = new Caller("slack", "U0ONCALL", "olga", "C0OPS");
    bot.router().handle("/demo aurea-stop", oncall);

    // 1. One parent in #ops-critical with the three buttons.
    SlackCall parent =
        await(
            "the alert's parent message",
            c ->
                c.method().equals("chat.postMessage")
                    && c.field("text").contains("AUREA is not running on ai-agents"));
    assertThat(parent.field("channel")).isEqualTo("#ops-critical");
    assertThat(parent.field("thread_ts")).isEmpty();
    assertThat(parent.field("blocks"))
        .contains("\"action_id\":\"alert.ack\"")
        .contains("Acknowledge")
        .contains("Snooze 1h")
        .contains("Resolve");
    String alertId = buttonValue(parent.field("blocks"));
    String parentTs = parent.field("posted_ts");

    // 2. A viewer's click is refused, only to them; an on-call engineer's click acknowledges.
    click("U0VIEWER", "viewer", alertId);
    SlackCall refusal =
        await(
            "the viewer's refusal",
            c -> c.method().equals("respond") && c.fields().toString().contains("oncall"));
    assertThat(refusal.toString()).contains("ephemeral");
    click("U0ONCALL", "olga", alertId);
    SlackCall acknowledged =
        await(
            "the parent edited with the acknowledger",
            c -> c.method().equals("chat.update") && c.field("blocks").contains("Acknowledged by"));
    assertThat(acknowledged.field("channel")).isEqualTo("C0CRIT");
    assertThat(acknowledged.field("ts")).isEqualTo(parentTs);
    assertThat(acknowledged.field("blocks"))
        .contains("Acknowledged by @Olga P.")
        .doesNotContain("alert.ack");
    await(
        "the acknowledgement in the thread",
        c ->
            c.method().equals("chat.postMessage")
                && c.field("thread_ts").equals(parentTs)
                && c.field("text").startsWith("Acknowledged by @Olga P."));

    // 3. Restarted mid-incident: no second parent, the acknowledgement kept.
    stopBot();
    startBot();
    Thread.sleep(12_000); // two probe rounds of the demo's 5 s interval, plus its 5 s hold
    // The demo's on-call hand-overs go to #ops-alerts every 3 minutes; the alert's to
    // #ops-critical.
    assertThat(
            count(c ->
                c.method().equals("chat.postMessage")
                    && c.field("thread_ts").isEmpty()
                    && c.field("channel").equals("#ops-critical")))
        .as("parents posted")
        .isEqualTo(1);
    assertThat(new PlainTextRenderer().render(bot.router().handle("/alerts", oncall)))
        .contains("acknowledged")
        .contains("Olga P.");

    // 4. Slack answers 503 for 30 s while the fault clears: everything arrives afterwards, once.
    slackDownUntil.set(System.nanoTime() + Duration.ofSeconds(30).toNanos());
    bot.router().handle("/demo reset", oncall);
    SlackCall resolved =
        await(
            "the parent turned green after the outage",
            c -> c.method().equals("chat.update") && c.field("blocks").contains("RESOLVED"));
    assertThat(refusedDuringOutage.get()).as("calls Slack refused").isPositive();
    assertThat(resolved.field("blocks"))
        .as("a resolved alert offers its timeline, and no acknowledge, snooze or resolve")
        .contains("\"action_id\":\"alert.timeline\"")
        .doesNotContain("alert.ack", "alert.snooze", "alert.resolve");
    await(
        "the resolution in the thread",
        c ->
            c.method().equals("chat.postMessage")
                && c.field("thread_ts").equals(parentTs)
                && c.field("text").startsWith("Resolved by itself after"));
    Thread.sleep(3_000);
    assertThat(
            count(c -> c.method().equals("chat.update") && c.field("blocks").contains("RESOLVED")))
        .isEqualTo(1);
    assertThat(count(c -> c.field("text").startsWith("Resolved by itself"))).isEqualTo(1);
    assertThat(count(c -> c.field("text").startsWith("Acknowledged by"))).isEqualTo(1);
  }

  private void click(String userId, String userName, String alertId) throws Exception {
    String payload =
        "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0001\",\"domain\":\"brainops\"},"
            + "\"user\":{\"id\":\""
            + userId
            + "\",\"username\":\""
            + userName
            + "\",\"team_id\":\"T0001\"},"
            + "\"api_app_id\":\"A0001\",\"token\":\"legacy\",\"trigger_id\":\"1.2.3\","
            + "\"channel\":{\"id\":\"C0CRIT\",\"name\":\"ops-critical\"},"
            + "\"response_url\":\""
            + slack.url("/respond/" + userId)
            + "\",\"actions\":[{\"type\":\"button\",\"action_id\":\"alert.ack\",\"block_id\":\"b1\","
            + "\"value\":\""
            + alertId
            + "\",\"text\":{\"type\":\"plain_text\",\"text\":\"Acknowledge\"},"
            + "\"action_ts\":\"1700000000.000200\"}]}";
    String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    long now = System.currentTimeMillis() / 1000;
    String signature = new SlackSignature.Generator(SECRET).generate(Long.toString(now), body);
    HttpResponse<String> ack =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + slackBot.httpPort() + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ack.statusCode()).isEqualTo(200);
  }

  private static String buttonValue(String blocks) {
    Matcher value =
        Pattern.compile(
                "\"action_id\":\"alert\\.ack\"[^}]*?\"value\":\"(\\d+)\"|\"value\":\"(\\d+)\"[^}]*?\"action_id\":\"alert\\.ack\"")
            .matcher(blocks);
    assertThat(value.find()).as("the Acknowledge button names its alert: " + blocks).isTrue();
    return value.group(1) != null ? value.group(1) : value.group(2);
  }

  private SlackCall await(String what, Predicate<SlackCall> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (SlackCall call : calls) {
        if (wanted.test(call)) {
          return call;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no " + what + " within " + PATIENCE.toSeconds() + " s; calls: " + calls);
  }

  private long count(Predicate<SlackCall> wanted) {
    return calls.stream().filter(wanted).count();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    if (body.startsWith("{")) {
      fields.put("json", body);
      return fields;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
