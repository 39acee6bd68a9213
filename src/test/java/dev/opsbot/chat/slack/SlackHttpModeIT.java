package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.config.Timeouts;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot in HTTP mode over real HTTP: MockWebServer stands in for Slack's Web API and the
 * response_url, and for a fleet with one service that hangs; requests are signed as Slack signs
 * them.
 */
class SlackHttpModeIT {
  private static final String SECRET = SlackHttpFixture.SECRET;
  private final HttpClient http = HttpClient.newHttpClient();
  private final MockWebServer slack = new MockWebServer();
  private final MockWebServer fleet = new MockWebServer();
  private ProbeEngine engine;
  private SlackBot bot;

  @BeforeEach
  void start() throws Exception {
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.endsWith("/users.info")) {
              return json(
                  "{\"ok\":true,\"user\":{\"id\":\"U0ONCALL\",\"name\":\"olga\",\"real_name\":\"Olga"
                      + " Petrova\",\"profile\":{\"display_name\":\"Olga P.\"}}}");
            }
            return json("{\"ok\":true}");
          }
        });
    slack.start();
    fleet.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().startsWith("/hang")) {
              return new MockResponse.Builder()
                  .headersDelay(10, TimeUnit.SECONDS)
                  .body("{\"status\":\"healthy\"}")
                  .build();
            }
            return json("{\"status\":\"healthy\",\"version\":\"163.0.16\"}");
          }
        });
    fleet.start();
    Timeouts quick =
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
    ProbeSettings settings =
        new ProbeSettings(null, null, null, null, null, null, null, null, quick);
    OkHttpClient client = new OkHttpClient();
    engine =
        new ProbeEngine(
            List.of(
                HttpProbe.health(
                    service("backend", "/health"), settings, client, Clock.systemUTC()),
                HttpProbe.health(
                    service("ai-agents", "/hang"), settings, client, Clock.systemUTC())),
            settings,
            Clock.systemUTC(),
            ProbeListener.NONE);
    CommandRouter router =
        CommandRouter.withHelp(List.of(new HealthCommand(engine, Clock.systemUTC())));
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
    bot = SlackBot.start(slackSettings, router);
  }

  private ServiceConfig service(String id, String path) {
    return new ServiceConfig(
        id,
        null,
        "render",
        fleet.url("/").toString(),
        path,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @AfterEach
  void stop() throws Exception {
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

  private String slashCommand(String command, String text) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
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
    fields.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
    return SlackHttpFixture.form(fields);
  }

  private HttpResponse<String> post(String body, long timestamp, String signature)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.httpPort() + "/slack/events"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
            .header("X-Slack-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signedPost(String body) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String signature = new SlackSignature.Generator(SECRET).generate(Long.toString(now), body);
    return post(body, now, signature);
  }

  private RecordedRequest takeResponseUrlCall() throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      RecordedRequest request = slack.takeRequest(1, TimeUnit.SECONDS);
      if (request != null && request.getUrl().encodedPath().startsWith("/respond/")) {
        return request;
      }
    }
    return null;
  }

  @Test
  void slowCommandIsAckedAtOnceAndAnsweredThroughTheResponseUrl() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> ack = signedPost(slashCommand("/health", "--fresh"));
    long ackMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ackMillis).as("ack while ai-agents hangs").isLessThan(3000);
    RecordedRequest answer = takeResponseUrlCall();
    assertThat(answer).as("a reply through the response_url").isNotNull();
    String body = answer.getBody().utf8();
    assertThat(body).contains("\"response_type\":\"in_channel\"").contains("Fleet health");
    assertThat(body).contains("backend").contains("ai-agents").contains("timed out after");
  }

  @Test
  void fastAnswerGoesInTheAckItself() throws Exception {
    HttpResponse<String> ack = signedPost(slashCommand("/help", ""));

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body())
        .contains("\"response_type\":\"ephemeral\"")
        .contains("/health [service] [--fresh]");
  }

  /** The answer, wherever it went: in the ack when ready in time, else to the response_url. */
  private String answerTo(HttpResponse<String> ack) throws Exception {
    if (!ack.body().isBlank()) {
      return readable(ack.body());
    }
    RecordedRequest later = takeResponseUrlCall();
    return later == null ? "" : readable(later.getBody().utf8());
  }

  /** The same JSON without Gson's HTML-safe escapes (\u0027 for '), for readable assertions. */
  private static String readable(String json) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).toString();
  }

  @Test
  void usageErrorsAreEphemeral() throws Exception {
    HttpResponse<String> ack = signedPost(slashCommand("/health", "bakend"));

    assertThat(answerTo(ack))
        .contains("\"response_type\":\"ephemeral\"")
        .contains("Unknown service 'bakend'. Did you mean backend?");
  }

  @Test
  void forgedSignatureIsRefused() throws Exception {
    String body = slashCommand("/health", "");
    long now = System.currentTimeMillis() / 1000;
    String forged =
        new SlackSignature.Generator("not-the-secret").generate(Long.toString(now), body);

    assertThat(post(body, now, forged).statusCode()).isEqualTo(401);
  }

  @Test
  void staleTimestampIsRefusedEvenWhenSigned() throws Exception {
    String body = slashCommand("/health", "");
    long tenMinutesAgo = System.currentTimeMillis() / 1000 - 600;
    String signature =
        new SlackSignature.Generator(SECRET).generate(Long.toString(tenMinutesAgo), body);

    assertThat(post(body, tenMinutesAgo, signature).statusCode()).isEqualTo(401);
  }

  @Test
  void buttonClickReplacesTheMessageAndSaysWhoClicked() throws Exception {
    String payload =
        "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0001\",\"domain\":\"brainops\"},"
            + "\"user\":{\"id\":\"U0ONCALL\",\"username\":\"olga\",\"team_id\":\"T0001\"},"
            + "\"api_app_id\":\"A0001\",\"token\":\"legacy\",\"trigger_id\":\"1.2.3\","
            + "\"channel\":{\"id\":\"C0OPS\",\"name\":\"ops\"},"
            + "\"response_url\":\""
            + slack.url("/respond/2")
            + "\",\"actions\":[{\"type\":\"button\",\"action_id\":\"health.refresh\",\"block_id\":\"b1\","
            + "\"value\":\"backend\",\"text\":{\"type\":\"plain_text\",\"text\":\"Probe again\"},"
            + "\"action_ts\":\"1700000000.000200\"}]}";

    HttpResponse<String> ack = signedPost(SlackHttpFixture.form(Map.of("payload", payload)));

    assertThat(ack.statusCode()).isEqualTo(200);
    RecordedRequest update = takeResponseUrlCall();
    assertThat(update).isNotNull();
    assertThat(update.getBody().utf8())
        .contains("\"replace_original\":true")
        .contains("backend: UP")
        .contains("Olga P. clicked");
  }
}
