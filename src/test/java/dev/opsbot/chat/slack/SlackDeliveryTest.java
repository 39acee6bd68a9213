package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.testing.FakeClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SlackDeliveryTest {
  private static final String TOKEN = "xoxb-17-42-SlackDeliveryTestToken";
  private static final String POSTED =
      """
      {"ok":true,"channel":"C1","ts":"1700000000.000100",
       "message":{"type":"message","user":"U0BOT","text":"Fleet health: all up",
                  "ts":"1700000000.000100","bot_id":"B1"}}\
      """;

  private final MockWebServer server = new MockWebServer();
  private final FakeClock clock = new FakeClock();
  private final List<Duration> waits = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger slackLogs = (Logger) LoggerFactory.getLogger("dev.opsbot.chat.slack");
  private final Logger sdkLogs = (Logger) LoggerFactory.getLogger("com.slack");
  private SlackDelivery delivery;

  @BeforeEach
  void start() throws Exception {
    server.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.url("/api/").toString());
    config.setHttpClientReadTimeoutMillis(300);
    config.setStatsEnabled(false);
    Sleeper recording =
        wait -> {
          waits.add(wait);
          clock.advance(wait);
        };
    delivery =
        new SlackDelivery(
            Slack.getInstance(config).methods(TOKEN), clock, recording, RetryPolicy.DEFAULT);
    // Everything opsbot's Slack code and the Slack SDK log, down to DEBUG, goes to the list only.
    logs.start();
    for (Logger logger : List.of(slackLogs, sdkLogs)) {
      logger.addAppender(logs);
      logger.setAdditive(false);
      logger.setLevel(Level.DEBUG);
    }
  }

  @AfterEach
  void stop() {
    for (Logger logger : List.of(slackLogs, sdkLogs)) {
      logger.detachAppender(logs);
      logger.setAdditive(true);
      logger.setLevel(null);
    }
    server.close();
  }

  @Test
  void postSendsBlocksAndFallbackTextWithTheBotToken() throws Exception {
    server.enqueue(ok(POSTED));

    DeliveryResult result = delivery.post("C1", message("Fleet health: all up"), null);

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("1700000000.000100", "C1"));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat.postMessage");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    Map<String, String> form = form(request);
    assertThat(form).containsEntry("channel", "C1").containsEntry("text", "Fleet health: all up");
    assertThat(form.get("blocks")).contains("\"type\":\"header\"").contains("Fleet health");
    assertThat(form).doesNotContainKey("thread_ts");
  }

  @Test
  void postIntoAThreadSendsThreadTs() throws Exception {
    server.enqueue(ok(POSTED));

    delivery.post("C1", message("reply"), "1699999999.000200");

    assertThat(form(server.takeRequest())).containsEntry("thread_ts", "1699999999.000200");
  }

  @Test
  void rateLimitedPostWaitsRetryAfterThenIsDeliveredOnce() {
    server.enqueue(rateLimited(1));
    server.enqueue(ok(POSTED));

    DeliveryResult result = delivery.post("C1", message("hello"), null);

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void retryAfterLongerThanThePaceIsHonouredExactly() {
    server.enqueue(rateLimited(7));
    server.enqueue(ok(POSTED));

    DeliveryResult result = delivery.post("C1", message("hello"), null);

    assertThat(result.delivered()).isTrue();
    assertThat(waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenDeliveredOnce() {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(ok(POSTED));

    DeliveryResult result = delivery.post("C1", message("hello"), null);

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("1700000000.000100", "C1"));
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void timeoutIsRetried() {
    server.enqueue(
        new MockResponse.Builder().body(POSTED).headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(ok(POSTED));

    DeliveryResult result = delivery.post("C1", message("hello"), null);

    assertThat(result.delivered()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void errorThatRetryingCannotFixIsNotRetried() {
    server.enqueue(ok("{\"ok\":false,\"error\":\"channel_not_found\"}"));

    DeliveryResult result = delivery.post("C404", message("hello"), null);

    assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
    assertThat(((DeliveryResult.Failed) result).reason())
        .contains("C404")
        .contains("channel_not_found")
        .contains("not retried");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
    assertThat(warnings()).singleElement().asString().contains("channel=C404");
  }

  @Test
  void missingScopeNamesTheScopeNeeded() {
    server.enqueue(
        ok(
            "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"chat:write\","
                + "\"provided\":\"commands\"}"));

    DeliveryResult result = delivery.post("C1", message("hello"), null);

    assertThat(((DeliveryResult.Failed) result).reason())
        .contains("missing_scope")
        .contains("needed: chat:write");
  }

  @Test
  void givesUpAfterSixServerErrorsNamingTheChannel() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(503));
    }

    DeliveryResult result = delivery.post("C1", message("hello"), null);

    assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
    assertThat(((DeliveryResult.Failed) result).reason())
        .contains("channel C1")
        .contains("6 attempts")
        .contains("HTTP 503");
    assertThat(server.getRequestCount()).isEqualTo(6);
    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("event=slack_gave_up")
        .contains("channel=C1");

    server.enqueue(ok(POSTED));
    waits.clear();
    assertThat(delivery.post("C1", message("after the outage"), null).delivered()).isTrue();
    assertThat(waits)
        .as("only the pace, no leftover backoff")
        .containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void backoffDoublesUpToThirtySeconds() {
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7))
        .map(RetryPolicy.DEFAULT::backoff)
        .map(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
  }

  @Test
  void postsToOneChannelArePacedAboutOneSecondApart() {
    server.enqueue(ok(POSTED));
    server.enqueue(ok(POSTED));

    delivery.post("C1", message("first"), null);
    delivery.post("C1", message("second"), null);

    assertThat(waits).containsExactly(Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void postsToDifferentChannelsAreNotPacedAgainstEachOther() {
    server.enqueue(ok(POSTED));
    server.enqueue(ok(POSTED.replace("\"C1\"", "\"C2\"")));

    DeliveryResult first = delivery.post("C1", message("first"), null);
    DeliveryResult second = delivery.post("C2", message("second"), null);

    assertThat(waits).isEmpty();
    assertThat(first.channel()).isEqualTo("C1");
    assertThat(second.channel()).isEqualTo("C2");
  }

  @Test
  void updatesArePacedAcrossTheWorkspaceNotPerChannel() {
    for (String channel : List.of("C1", "C2", "C3")) {
      server.enqueue(ok("{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"1.2\"}"));
    }

    delivery.update("C1", "1.2", message("one"));
    delivery.update("C2", "1.2", message("two"));
    delivery.update("C3", "1.2", message("three"));

    // chat.update is Tier 3: about 50 a minute per workspace, whichever channel.
    assertThat(waits).containsExactly(Duration.ofMillis(1200), Duration.ofMillis(1200));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aRateLimitedUpdateHoldsUpdatesToEveryChannel() {
    server.enqueue(rateLimited(5));
    server.enqueue(ok("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}"));
    server.enqueue(ok("{\"ok\":true,\"channel\":\"C2\",\"ts\":\"1.2\"}"));
    server.enqueue(ok(POSTED.replace("\"C1\"", "\"C3\"")));

    delivery.update("C1", "1.2", message("one"));
    delivery.update("C2", "1.2", message("two"));
    delivery.post("C3", message("a post is limited per channel only"), null);

    assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofMillis(1200));
  }

  @Test
  void updateSendsChannelAndTs() throws Exception {
    server.enqueue(
        ok(
            """
            {"ok":true,"channel":"C1","ts":"1700000000.000100","text":"Updated",
             "message":{"text":"Updated","user":"U0BOT"}}\
            """));

    DeliveryResult result =
        delivery.update("C1", "1700000000.000100", message("backend is UP again"));

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("1700000000.000100", "C1"));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat.update");
    assertThat(form(request))
        .containsEntry("channel", "C1")
        .containsEntry("ts", "1700000000.000100")
        .containsEntry("text", "backend is UP again");
  }

  @Test
  void uploadGetsAnUploadUrlSendsTheBytesThereAndCompletesIntoTheChannel() throws Exception {
    String uploadUrl = server.url("/upload/v1/ABC123").toString();
    server.enqueue(
        ok("{\"ok\":true,\"upload_url\":\"" + uploadUrl + "\",\"file_id\":\"F0123ABC\"}"));
    server.enqueue(ok("OK - 20"));
    server.enqueue(
        ok(
            """
            {"ok":true,"files":[{"id":"F0123ABC","title":"result.csv"}]}\
            """));
    Block.File file = new Block.File("result.csv", "text/csv", "id,name\n1,a & b\n2,c\n", "2 rows");

    DeliveryResult result = delivery.upload("C1", "1700000000.000100", file);

    assertThat(result).isEqualTo(new DeliveryResult.Uploaded("F0123ABC", "C1"));
    RecordedRequest getUrl = server.takeRequest();
    assertThat(getUrl.getUrl().encodedPath()).isEqualTo("/api/files.getUploadURLExternal");
    assertThat(form(getUrl)).containsEntry("filename", "result.csv").containsEntry("length", "20");
    RecordedRequest bytes = server.takeRequest();
    assertThat(bytes.getMethod()).isEqualTo("POST");
    assertThat(bytes.getUrl().encodedPath()).isEqualTo("/upload/v1/ABC123");
    assertThat(bytes.getBody().utf8()).isEqualTo("id,name\n1,a & b\n2,c\n");
    RecordedRequest complete = server.takeRequest();
    assertThat(complete.getUrl().encodedPath()).isEqualTo("/api/files.completeUploadExternal");
    Map<String, String> form = form(complete);
    assertThat(form.get("files")).contains("\"id\":\"F0123ABC\"").contains("result.csv");
    assertThat(form)
        .containsEntry("channel_id", "C1")
        .containsEntry("thread_ts", "1700000000.000100")
        .containsEntry("initial_comment", "2 rows");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void uploadRefusedBySlackIsNotRetried() {
    server.enqueue(ok("{\"ok\":false,\"error\":\"not_in_channel\"}"));
    server.enqueue(ok("{\"ok\":true,\"upload_url\":\"http://unused\",\"file_id\":\"F1\"}"));

    DeliveryResult result =
        delivery.upload("C1", null, new Block.File("a.txt", "text/plain", "a", null));

    assertThat(((DeliveryResult.Failed) result).reason())
        .contains("channel C1")
        .contains("not_in_channel")
        .contains("invite the bot");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void ephemeralMessageIsNeverPostedToTheChannel() {
    SlackMessage secret = new BlockKitRenderer().render(Message.ephemeral("only for you"));

    DeliveryResult result = delivery.post("C1", secret, null);

    assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
    assertThat(server.getRequestCount()).isZero();
    assertThat(warnings()).singleElement().asString().contains("channel=C1");
  }

  @Test
  void botTokenNeverAppearsInALogLineOrAResult() {
    server.enqueue(rateLimited(1));
    server.enqueue(status(500));
    server.enqueue(ok(POSTED));
    server.enqueue(ok("{\"ok\":false,\"error\":\"invalid_auth\"}"));
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(502));
    }

    List<DeliveryResult> results =
        List.of(
            delivery.post("C1", message("one"), null),
            delivery.post("C1", message("two"), null),
            delivery.update("C1", "1700000000.000100", message("three")));

    assertThat(results).extracting(Object::toString).noneMatch(text -> text.contains(TOKEN));
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .allSatisfy(event -> {
          assertThat(event.getFormattedMessage()).doesNotContain(TOKEN);
          if (event.getThrowableProxy() != null) {
            assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                .doesNotContain(TOKEN);
          }
        });
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .filter(event -> event.getLoggerName().startsWith("dev.opsbot"))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static SlackMessage message(String text) {
    return new BlockKitRenderer().render(Message.builder(text).header(text).build());
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("upstream trouble").build();
  }

  private static MockResponse rateLimited(int seconds) {
    return new MockResponse.Builder()
        .code(429)
        .addHeader("Retry-After", seconds)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"ok\":false,\"error\":\"ratelimited\"}")
        .build();
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }
}
