package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.config.Secret;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.testing.ApiDescription;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the outbox's Discord sender makes (a parent with its embed and buttons, its edit,
 * the thread started on it, a reply in the thread, a page with a mention), as it arrives over
 * loopback, checked against Discord's OpenAPI description (vendored in {@code
 * src/test/resources/contracts}), and the answers the tests use ({@link DiscordAnswers}) too.
 */
class DiscordContractTest {
  private static final ApiDescription DISCORD = ApiDescription.load("discord-openapi-v10.json");
  private static final String CHANNEL = "1100000000000000001";
  private static final String PARENT = "1200000000000000002";

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

  @Test
  void everyRequestTheSenderMakesIsAsDiscordDescribesIt() throws Exception {
    discord.enqueue(DiscordAnswers.json(200, DiscordAnswers.message(PARENT, CHANNEL)));
    discord.enqueue(DiscordAnswers.json(200, DiscordAnswers.message(PARENT, CHANNEL)));
    discord.enqueue(DiscordAnswers.json(201, DiscordAnswers.thread(PARENT, CHANNEL, "alert-42")));
    discord.enqueue(
        DiscordAnswers.json(200, DiscordAnswers.message("1300000000000000003", PARENT)));

    assertThat(sender.send(OutboxItem.post("alert-42/parent", "discord:" + CHANNEL, alert())))
        .isInstanceOf(SendResult.Sent.class);
    assertThat(sender.send(child(OutboxItem.Kind.UPDATE, "alert-42/acked", alert())))
        .isInstanceOf(SendResult.Sent.class);
    Message page = Message.builder("<@&991> backend is down").page("<@&991>", "down").build();
    assertThat(sender.send(child(OutboxItem.Kind.REPLY, "alert-42/escalation", page)))
        .isInstanceOf(SendResult.Sent.class);

    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      problems.addAll(DISCORD.check(call(discord.takeRequest())));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theAnswersTheTestsGiveAreAsDiscordDescribesThem() {
    List<String> problems = new ArrayList<>();
    String messages = "/channels/" + CHANNEL + "/messages";
    problems.addAll(
        DISCORD.checkAnswer("POST", messages, 200, DiscordAnswers.message(PARENT, CHANNEL)));
    problems.addAll(
        DISCORD.checkAnswer(
            "PATCH", messages + "/" + PARENT, 200, DiscordAnswers.message(PARENT, CHANNEL)));
    problems.addAll(
        DISCORD.checkAnswer(
            "POST",
            messages + "/" + PARENT + "/threads",
            201,
            DiscordAnswers.thread(PARENT, CHANNEL, "alert-42")));
    problems.addAll(DISCORD.checkAnswer("POST", messages, 429, DiscordAnswers.rateLimited(0.25)));

    assertThat(problems).isEmpty();
  }

  private static OutboxItem child(OutboxItem.Kind kind, String key, Message message) {
    return new OutboxItem(
        7, key, "discord:" + CHANNEL, kind, "alert-42/parent", message, 0, CHANNEL + "/" + PARENT);
  }

  private static Message alert() {
    return Message.builder("backend is DOWN")
        .header("backend is DOWN")
        .text("HTTP 503 for 2 minutes")
        .buttons(
            List.of(
                new Block.Button("alert.ack", "Acknowledge", "42", Tone.GOOD),
                new Block.Button("alert.resolve", "Resolve", "42", Tone.DANGER)))
        .tone(Tone.DANGER)
        .build();
  }

  static ApiDescription.Call call(RecordedRequest request) {
    String path = request.getUrl().encodedPath().substring("/api/v10".length());
    return ApiDescription.call(
        request.getMethod(),
        path,
        request.getUrl().encodedQuery(),
        request.getHeaders().get("Authorization"),
        request.getHeaders().get("Content-Type"),
        request.getBody() == null ? "" : request.getBody().utf8());
  }
}
