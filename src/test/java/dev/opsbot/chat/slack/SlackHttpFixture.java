package dev.opsbot.chat.slack;

import com.slack.api.app_backend.SlackSignature;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.config.Timeouts;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeListener;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * opsbot in Slack HTTP mode on a free port, over real HTTP: MockWebServer stands in for Slack's Web
 * API and the response_url, and for a one-service fleet; requests are signed as Slack signs them.
 * {@code /count} counts how many times a command really ran.
 */
final class SlackHttpFixture implements AutoCloseable {
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  final MockWebServer slack = new MockWebServer();
  final MockWebServer fleet = new MockWebServer();
  final AtomicInteger counted = new AtomicInteger();
  private final AtomicInteger triggers = new AtomicInteger();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ProbeEngine engine;
  private final SlackBot bot;

  SlackHttpFixture() throws Exception {
    this(SlackHttpServer.Limits.DEFAULT);
  }

  SlackHttpFixture(SlackHttpServer.Limits limits) throws Exception {
    this(limits, ReplayCheck.THIS_REPLICA_ONLY);
  }

  /** One replica among several that share {@code replays}. */
  SlackHttpFixture(ReplayCheck replays) throws Exception {
    this(SlackHttpServer.Limits.DEFAULT, replays);
  }

  SlackHttpFixture(SlackHttpServer.Limits limits, ReplayCheck replays) throws Exception {
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().endsWith("/users.info")) {
              return json("{\"ok\":true,\"user\":{\"id\":\"U0ONCALL\",\"name\":\"olga\"}}");
            }
            return json("{\"ok\":true}");
          }
        });
    slack.start();
    fleet.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json("{\"status\":\"healthy\",\"version\":\"163.0.16\"}");
          }
        });
    fleet.start();
    Timeouts quick =
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
    ProbeSettings settings =
        new ProbeSettings(null, null, null, null, null, null, null, null, quick);
    engine =
        new ProbeEngine(
            List.of(
                HttpProbe.health(
                    new ServiceConfig(
                        "backend",
                        null,
                        "render",
                        fleet.url("/").toString(),
                        "/health",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                    settings,
                    new OkHttpClient(),
                    Clock.systemUTC())),
            settings,
            Clock.systemUTC(),
            ProbeListener.NONE);
    Command count =
        new Command() {
          @Override
          public CommandSpec spec() {
            return new CommandSpec("count", "counts its runs", List.of(), CommandSpec.EVERYONE);
          }

          @Override
          public Message execute(CommandRequest request) {
            return Message.builder("run " + counted.incrementAndGet()).text("counted").build();
          }
        };
    CommandRouter router =
        CommandRouter.withHelp(List.of(new HealthCommand(engine, Clock.systemUTC()), count));
    SlackSettings slackSettings =
        SlackSettings.fromEnvironment(
                Map.of(
                    "SLACK_BOT_TOKEN",
                    "xoxb-test-token-0000",
                    "SLACK_SIGNING_SECRET",
                    SECRET,
                    "SLACK_HTTP_PORT",
                    "0",
                    "SLACK_API_URL",
                    slack.url("/api/").toString()))
            .orElseThrow();
    bot = SlackBot.start(slackSettings, router, limits, replays);
  }

  int port() {
    return bot.httpPort();
  }

  int openConnections() {
    return bot.httpServer().openConnections();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + "/slack/events");
  }

  @Override
  public void close() throws Exception {
    bot.close();
    engine.close();
    slack.close();
    fleet.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A slash command's form fields as Slack sends them; change or remove some to break it. */
  Map<String, String> commandFields(String command, String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", "legacy");
    fields.put("team_id", "T0001");
    fields.put("team_domain", "brainops");
    fields.put("channel_id", "C0OPS");
    fields.put("channel_name", "ops");
    fields.put("user_id", "U0ONCALL");
    fields.put("user_name", "olga");
    fields.put("command", command);
    fields.put("text", text);
    fields.put("response_url", slack.url("/respond/1").toString());
    // Unique like Slack's: two requests with one body and timestamp are one request replayed.
    fields.put("trigger_id", "13345224609.738474920." + triggers.incrementAndGet());
    return fields;
  }

  String slashCommand(String command, String text) {
    return form(commandFields(command, text));
  }

  static String form(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((name, value) ->
        body.append(body.isEmpty() ? "" : "&")
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return body.toString();
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Slack's v0 signature over the raw bytes (Bolt's generator takes a String, which is not). */
  static String sign(long timestamp, byte[] body) {
    return signWith(SECRET, timestamp, body);
  }

  static String signWith(String secret, long timestamp, byte[] body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      String signature = "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
      String text = new String(body, StandardCharsets.UTF_8);
      if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) {
        // The same as Slack's own SDK computes, where the SDK can represent the body.
        assert signature.equals(
            new SlackSignature.Generator(secret).generate(Long.toString(timestamp), text));
      }
      return signature;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts bytes with the given headers (pairs of name and value), nothing added but the length. */
  HttpResponse<String> post(byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint())
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> signedAt(long timestamp, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return signedAt(timestamp, bytes, "application/x-www-form-urlencoded");
  }

  HttpResponse<String> signedAt(long timestamp, byte[] body, String contentType) throws Exception {
    return post(
        body,
        "Content-Type",
        contentType,
        "X-Slack-Request-Timestamp",
        Long.toString(timestamp),
        "X-Slack-Signature",
        sign(timestamp, body));
  }

  HttpResponse<String> signed(String body) throws Exception {
    return signedAt(now(), body);
  }
}
