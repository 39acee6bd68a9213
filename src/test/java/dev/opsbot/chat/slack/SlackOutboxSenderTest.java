package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.opsbot.chat.Message;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt per outbox item against Slack's Web API (MockWebServer), mapped for the outbox. */
class SlackOutboxSenderTest {
  private final MockWebServer slack = new MockWebServer();
  private SlackOutboxSender sender;

  @BeforeEach
  void start() throws Exception {
    slack.start();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
    config.setStatsEnabled(false);
    SlackDelivery delivery =
        new SlackDelivery(
            Slack.getInstance(config).methods("xoxb-test"),
            new FakeClock(),
            wait -> {},
            new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    sender = new SlackOutboxSender(delivery);
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static Message text(String text) {
    return Message.builder(text).text(text).build();
  }

  @Test
  void aPostIsSentOnceAndItsTsKept() {
    slack.enqueue(json(200, "{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000100\"}"));

    SendResult result =
        sender.send(OutboxItem.post("alert-1/fired", "#ops", text("backend is down")));

    assertThat(result)
        .as("the channel's id travels with the ts: chat.update needs the id, not the name")
        .isEqualTo(new SendResult.Sent("C0OPS/1700000000.000100"));
    assertThat(slack.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aReplyGoesIntoTheParentsThread() throws Exception {
    slack.enqueue(json(200, "{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000200\"}"));
    OutboxItem reply =
        new OutboxItem(
            5,
            "alert-1/value",
            "C0OPS",
            OutboxItem.Kind.REPLY,
            "alert-1/fired",
            text("now 9%"),
            0,
            "C0OPS/1700000000.000100");

    sender.send(reply);

    RecordedRequest request = slack.takeRequest();
    assertThat(request.getBody().utf8()).contains("thread_ts=1700000000.000100");
  }

  @Test
  void anEditGoesToTheChannelIdTheParentWasPostedIn() throws Exception {
    slack.enqueue(json(200, "{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000100\"}"));
    OutboxItem update =
        new OutboxItem(
            6,
            "alert-1/ack",
            "#ops-critical",
            OutboxItem.Kind.UPDATE,
            "alert-1/parent",
            text("acknowledged"),
            0,
            "C0OPS/1700000000.000100");

    assertThat(sender.send(update)).isEqualTo(new SendResult.Sent("C0OPS/1700000000.000100"));

    RecordedRequest request = slack.takeRequest();
    assertThat(request.getUrl().encodedPath()).endsWith("/chat.update");
    assertThat(request.getBody().utf8()).contains("channel=C0OPS").contains("ts=1700000000.000100");
  }

  @Test
  void slackDownIsRetriedLaterAndAMissingChannelIsNot() {
    slack.enqueue(json(503, "Service Unavailable"));
    slack.enqueue(json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));

    SendResult down = sender.send(OutboxItem.post("a", "C0OPS", text("x")));
    SendResult missing = sender.send(OutboxItem.post("b", "C0GONE", text("x")));

    assertThat(down).isInstanceOf(SendResult.RetryLater.class);
    assertThat(missing).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) missing).reason()).contains("channel_not_found");
  }
}
