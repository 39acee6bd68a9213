package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.testing.ApiDescription;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Web API call opsbot's Slack adapter makes (posts, replies, updates, the duplicate check's
 * history reads, channel ids, user names, user groups), as the Slack SDK sends it over loopback,
 * checked against Slack's OpenAPI description (vendored subset), and so are the stand-in's answers.
 * File uploads (files.getUploadURLExternal, files.completeUploadExternal) are newer than that
 * description and not checked here.
 */
class SlackContractTest {
  private static final ApiDescription SLACK = ApiDescription.load("slack-web-openapi-v2.json");
  private static final String CHANNEL = "C0ALERTS01";
  private static final String TS = "1700000000.000100";
  private static final String MESSAGE =
      "{\"type\":\"message\",\"text\":\"backend is DOWN\",\"ts\":\""
          + TS
          + "\",\"user\":\"U0BOT\","
          + "\"bot_id\":\"B0BOT\",\"metadata\":{\"event_type\":\"opsbot_outbox\","
          + "\"event_payload\":{\"key\":\"alert-1/parent\"}}}";
  private static final Map<String, String> ANSWERS =
      Map.of(
          "/api/chat.postMessage",
          "{\"ok\":true,\"channel\":\""
              + CHANNEL
              + "\",\"ts\":\""
              + TS
              + "\",\"message\":"
              + MESSAGE
              + "}",
          "/api/chat.update",
          "{\"ok\":true,\"channel\":\""
              + CHANNEL
              + "\",\"ts\":\""
              + TS
              + "\",\"text\":\"backend is UP\",\"message\":"
              + MESSAGE
              + "}",
          "/api/conversations.history",
          "{\"ok\":true,\"messages\":["
              + MESSAGE
              + "],\"has_more\":false,\"pin_count\":0,"
              + "\"channel_actions_ts\":null,\"channel_actions_count\":0}",
          "/api/conversations.replies",
          "{\"ok\":true,\"messages\":[" + MESSAGE + "],\"has_more\":false}",
          "/api/conversations.list",
          "{\"ok\":true,\"channels\":[{\"id\":\""
              + CHANNEL
              + "\",\"name\":\"alerts\","
              + "\"is_channel\":true,\"is_private\":false,\"is_archived\":false,\"created\":1600000000}]}",
          "/api/users.info",
          "{\"ok\":true,\"user\":{\"id\":\"U0ANA\",\"name\":\"ana\",\"real_name\":\"Ana\","
              + "\"profile\":{\"display_name\":\"ana\",\"real_name\":\"Ana\"}}}",
          "/api/usergroups.users.list",
          "{\"ok\":true,\"users\":[\"U0ANA\",\"U0BOB\"]}");

  private final MockWebServer slack = new MockWebServer();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private MethodsClient methods;

  @BeforeEach
  void start() throws Exception {
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String answer = ANSWERS.get(request.getUrl().encodedPath());
            return new MockResponse.Builder()
                .code(answer == null ? 404 : 200)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .body(answer == null ? "{\"ok\":false,\"error\":\"unknown_method\"}" : answer)
                .build();
          }
        });
    slack.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
    config.setStatsEnabled(false);
    methods = Slack.getInstance(config).methods("xoxb-contract-test");
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  @Test
  void everyCallTheAdapterMakesIsAsSlackDescribesIt() {
    SlackDelivery delivery =
        new SlackDelivery(
            methods,
            new FakeClock(),
            wait -> {},
            new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    SlackMessage alert = new BlockKitRenderer().render(alert());
    OutboxItem parent = OutboxItem.post("alert-1/parent", "#alerts", alert());

    delivery.post(CHANNEL, alert, null, "alert-1/parent");
    delivery.post(CHANNEL, alert, TS, "alert-1/ack");
    delivery.update(CHANNEL, TS, alert);
    delivery.update(
        CHANNEL, TS, new BlockKitRenderer().render(Message.builder("backend is UP").build()));
    SlackCopies copies = new SlackCopies(methods);
    copies.ofPost(parent, CHANNEL);
    copies.ofReply(parent, CHANNEL, TS);
    new SlackChannelIds(methods).idOf("#alerts");
    new SlackUserNames(methods).nameOf("U0ANA", "ana?");
    new SlackUserGroups(methods, List.of("S0ONCALL")).groupsOf("U0ANA");

    assertThat(requests)
        .extracting(r -> r.getUrl().encodedPath())
        .containsExactly(
            "/api/chat.postMessage",
            "/api/chat.postMessage",
            "/api/chat.update",
            "/api/chat.update",
            "/api/conversations.history",
            "/api/conversations.replies",
            "/api/conversations.list",
            "/api/users.info",
            "/api/usergroups.users.list");
    List<String> problems = new ArrayList<>();
    for (RecordedRequest request : requests) {
      String path = request.getUrl().encodedPath().substring("/api".length());
      problems.addAll(
          SLACK.check(
              ApiDescription.call(
                  request.getMethod(),
                  path,
                  request.getUrl().encodedQuery(),
                  request.getHeaders().get("Authorization"),
                  request.getHeaders().get("Content-Type"),
                  request.getBody() == null ? "" : request.getBody().utf8())));
      problems.addAll(
          SLACK.checkAnswer("POST", path, 200, ANSWERS.get(request.getUrl().encodedPath())));
    }
    assertThat(problems).isEmpty();
  }

  private static Message alert() {
    return Message.builder("backend is DOWN")
        .header("backend is DOWN")
        .text("HTTP 503 for 2 minutes")
        .buttons(List.of(new Block.Button("alert.ack", "Acknowledge", "1", Tone.GOOD)))
        .tone(Tone.DANGER)
        .build();
  }
}
