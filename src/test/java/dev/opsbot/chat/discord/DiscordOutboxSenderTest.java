package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.config.Secret;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One attempt per outbox item against Discord's REST API (MockWebServer speaking Discord's
 * documented answers), mapped for the outbox: what is sent where, and which failures are retried.
 */
class DiscordOutboxSenderTest {
  private static final String CHANNEL = "1100000000000000001";
  private static final String PARENT = "1200000000000000002";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer discord = new MockWebServer();
  private DiscordOutboxSender sender;

  @BeforeEach
  void start() throws Exception {
    discord.start();
    sender =
        new DiscordOutboxSender(
            new DiscordRest(
                DiscordRest.client(),
                discord.url("/api/v10/").toString(),
                Secret.of("MTA5.test-bot-token.sig")));
  }

  @AfterEach
  void stop() {
    discord.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse message(String id) {
    return json(200, DiscordAnswers.message(id, CHANNEL));
  }

  private static Message alert() {
    return Message.builder("backend is DOWN")
        .header("backend is DOWN")
        .text("HTTP 503 for 2 minutes")
        .buttons(
            List.of(
                new Block.Button("alert.ack", "Acknowledge", "42", Tone.GOOD),
                new Block.Button("alert.snooze", "Snooze 1h", "42", Tone.NEUTRAL),
                new Block.Button("alert.resolve", "Resolve", "42", Tone.DANGER)))
        .tone(Tone.DANGER)
        .build();
  }

  @Test
  void aParentIsPostedToTheChannelAsAnEmbedWithItsButtonsAndItsIdsKept() throws Exception {
    discord.enqueue(message(PARENT));

    SendResult result =
        sender.send(OutboxItem.post("alert-42/parent", "discord:" + CHANNEL, alert()));

    assertThat(result).isEqualTo(new SendResult.Sent(CHANNEL + "/" + PARENT));
    RecordedRequest request = discord.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/api/v10/channels/" + CHANNEL + "/messages");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bot MTA5.test-bot-token.sig");
    JsonNode body = JSON.readTree(request.getBody().utf8());
    assertThat(body.at("/embeds/0/title").asText()).isEqualTo("backend is DOWN");
    assertThat(body.at("/embeds/0/color").asInt()).isEqualTo(0xA30200);
    assertThat(body.at("/components/0/components/0/custom_id").asText()).isEqualTo("alert.ack|42");
    assertThat(body.at("/components/0/components/2/custom_id").asText())
        .isEqualTo("alert.resolve|42");
    assertThat(body.at("/allowed_mentions/parse").size()).isZero();
  }

  @Test
  void anEditReplacesTheParentInPlace() throws Exception {
    discord.enqueue(message(PARENT));
    Message acknowledged =
        Message.builder("ack").header("backend is DOWN").text("Acknowledged by Dana").build();

    SendResult result =
        sender.send(
            new OutboxItem(
                7,
                "alert-42/ack/parent",
                "discord:" + CHANNEL,
                OutboxItem.Kind.UPDATE,
                "alert-42/parent",
                acknowledged,
                0,
                CHANNEL + "/" + PARENT));

    assertThat(result).isEqualTo(new SendResult.Sent(CHANNEL + "/" + PARENT));
    RecordedRequest request = discord.takeRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/api/v10/channels/" + CHANNEL + "/messages/" + PARENT);
    JsonNode body = JSON.readTree(request.getBody().utf8());
    assertThat(body.at("/embeds/0/description").asText()).isEqualTo("Acknowledged by Dana");
    assertThat(body.at("/components").size()).as("the buttons go away").isZero();
  }

  @Test
  void theFirstReplyStartsAThreadOnTheParentAndLaterOnesFindItStarted() throws Exception {
    discord.enqueue(json(201, DiscordAnswers.thread(PARENT, CHANNEL, "alert-42")));
    discord.enqueue(message("1300000000000000003"));
    discord.enqueue(
        json(
            400,
            "{\"message\":\"A thread has already been created for this message\",\"code\":160004}"));
    discord.enqueue(message("1300000000000000004"));

    SendResult first = sender.send(reply("alert-42/value-3", "Value 5% → 9%"));
    SendResult second = sender.send(reply("alert-42/repeat-1", "Still firing"));

    assertThat(first).isEqualTo(new SendResult.Sent(PARENT + "/1300000000000000003"));
    assertThat(second).isEqualTo(new SendResult.Sent(PARENT + "/1300000000000000004"));
    RecordedRequest thread = discord.takeRequest();
    assertThat(thread.getUrl().encodedPath())
        .isEqualTo("/api/v10/channels/" + CHANNEL + "/messages/" + PARENT + "/threads");
    assertThat(JSON.readTree(thread.getBody().utf8()).get("name").asText()).isEqualTo("alert-42");
    RecordedRequest inThread = discord.takeRequest();
    assertThat(inThread.getUrl().encodedPath())
        .as("a thread started on a message has the message's id")
        .isEqualTo("/api/v10/channels/" + PARENT + "/messages");
    assertThat(JSON.readTree(inThread.getBody().utf8()).at("/embeds/0/description").asText())
        .isEqualTo("Value 5% → 9%");
  }

  @Test
  void anEscalationPingsTheOnCallRoleInItsContentAndNoOneTheTextNames() throws Exception {
    discord.enqueue(json(201, DiscordAnswers.thread(PARENT, CHANNEL, "alert-42")));
    discord.enqueue(message("1300000000000000005"));
    // The summary comes from a probed service: a mention in it must not reach anyone.
    String text = "backend is down: <@&666> @everyone: unacknowledged for 10 min";
    Message page = Message.builder("<@&991> " + text).page("<@&991>", text).build();

    sender.send(
        new OutboxItem(
            9,
            "alert-42/escalation",
            "discord:" + CHANNEL,
            OutboxItem.Kind.REPLY,
            "alert-42/parent",
            page,
            0,
            CHANNEL + "/" + PARENT));

    discord.takeRequest();
    JsonNode body = JSON.readTree(discord.takeRequest().getBody().utf8());
    assertThat(body.get("content").asText()).isEqualTo("<@&991>");
    assertThat(body.at("/allowed_mentions/roles").toString()).isEqualTo("[\"991\"]");
    assertThat(body.at("/allowed_mentions/parse").size()).isZero();
    assertThat(body.at("/embeds/0/description").asText()).isEqualTo(text);
  }

  @Test
  void rateLimitsWaitAsDiscordSaysAndOutagesAreRetried() {
    discord.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Content-Type", "application/json")
            .addHeader("Retry-After", "2.5")
            .body(
                "{\"message\":\"You are being rate limited.\",\"retry_after\":2.5,\"global\":false}")
            .build());
    discord.enqueue(json(502, "{\"message\":\"502 Bad Gateway\",\"code\":0}"));
    discord.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());

    SendResult limited = sender.send(post("a"));
    SendResult badGateway = sender.send(post("b"));
    SendResult cut = sender.send(post("c"));

    assertThat(limited).isInstanceOf(SendResult.RetryLater.class);
    assertThat(((SendResult.RetryLater) limited).after()).isEqualTo(Duration.ofMillis(2_500));
    assertThat(badGateway).isInstanceOf(SendResult.RetryLater.class);
    assertThat(((SendResult.RetryLater) badGateway).reason()).contains("HTTP 502");
    assertThat(cut).isInstanceOf(SendResult.RetryLater.class);
  }

  @Test
  void aRetryAfterALostAnswerCarriesTheSameNonceSoDiscordAnswersWithTheMessageItHas()
      throws Exception {
    // Discord took the message and the connection broke before its answer; with the same nonce and
    // enforce_nonce, Discord answers the retry with the message it already has.
    discord.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    discord.enqueue(message(PARENT));
    OutboxItem item = post("alert-42/parent");

    SendResult cut = sender.send(item);
    SendResult retried = sender.send(item);
    sender.send(post("alert-43/parent"));

    assertThat(cut)
        .isEqualTo(SendResult.RetryLater.inDoubt(null, ((SendResult.RetryLater) cut).reason()));
    assertThat(retried).isEqualTo(new SendResult.Sent(CHANNEL + "/" + PARENT));
    JsonNode first = JSON.readTree(discord.takeRequest().getBody().utf8());
    JsonNode second = JSON.readTree(discord.takeRequest().getBody().utf8());
    JsonNode other = JSON.readTree(discord.takeRequest().getBody().utf8());
    assertThat(first.path("enforce_nonce").asBoolean()).isTrue();
    assertThat(first.path("nonce").asText()).hasSizeBetween(1, 25);
    assertThat(second.path("nonce").asText()).isEqualTo(first.path("nonce").asText());
    assertThat(second.path("enforce_nonce").asBoolean()).isTrue();
    assertThat(other.path("nonce").asText()).isNotEqualTo(first.path("nonce").asText());
  }

  @Test
  void refusalsThatRetryingCannotFixAreFinalAndSayWhatToDo() {
    discord.enqueue(json(404, "{\"message\":\"Unknown Channel\",\"code\":10003}"));
    discord.enqueue(json(403, "{\"message\":\"Missing Permissions\",\"code\":50013}"));
    discord.enqueue(json(401, "{\"message\":\"401: Unauthorized\",\"code\":0}"));

    SendResult unknown = sender.send(post("a"));
    SendResult forbidden = sender.send(post("b"));
    SendResult badToken = sender.send(post("c"));

    assertThat(unknown).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) unknown).reason())
        .contains("HTTP 404 code 10003 Unknown Channel")
        .contains("check the discord:<channel id>");
    assertThat(((SendResult.Failed) forbidden).reason()).contains("Send Messages in Threads");
    assertThat(((SendResult.Failed) badToken).reason())
        .contains("Discord refused DISCORD_TOKEN")
        .doesNotContain("test-bot-token");
  }

  @Test
  void aChannelThatIsNoDiscordIdFailsWithoutACall() {
    SendResult result = sender.send(OutboxItem.post("a", "discord:#ops-alerts", alert()));

    assertThat(result).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) result).reason())
        .contains("'discord:#ops-alerts' is not a Discord channel: write discord:<channel id>");
    assertThat(discord.getRequestCount()).isZero();
  }

  @Test
  void aFileGoesAsAnAttachmentBesideTheJsonPayload() throws Exception {
    discord.enqueue(message(PARENT));
    Message withFile =
        Message.builder("rows")
            .text("1 row")
            .add(new Block.File("result.csv", "text/csv", "id,name\n1,a\n", "1 row"))
            .build();

    sender.send(OutboxItem.post("q", "discord:" + CHANNEL, withFile));

    RecordedRequest request = discord.takeRequest();
    assertThat(request.getHeaders().get("Content-Type")).startsWith("multipart/form-data");
    String body = request.getBody().utf8();
    assertThat(body)
        .contains("name=\"payload_json\"")
        .contains("name=\"files[0]\"; filename=\"result.csv\"")
        .contains("id,name\n1,a\n");
  }

  @Test
  void aPictureGoesAsItsOwnBytes() throws Exception {
    discord.enqueue(message(PARENT));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2};
    Message chart =
        Message.builder("chart")
            .add(Block.File.binary("digest.png", "image/png", png, "the chart"))
            .build();

    SendResult result = sender.send(OutboxItem.post("chart", "discord:" + CHANNEL, chart));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    byte[] body = discord.takeRequest().getBody().toByteArray();
    assertThat(indexOf(body, png)).as("the PNG's bytes, unchanged, in the upload").isPositive();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private static OutboxItem post(String key) {
    return OutboxItem.post(key, "discord:" + CHANNEL, alert());
  }

  private static OutboxItem reply(String key, String text) {
    return new OutboxItem(
        9,
        key,
        "discord:" + CHANNEL,
        OutboxItem.Kind.REPLY,
        "alert-42/parent",
        Message.builder(text).text(text).build(),
        0,
        CHANNEL + "/" + PARENT);
  }
}
