package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.SlackConfig;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a person in the channel sees when Slack's answer to a post is lost, or a replica dies while
 * posting: the outbox (real PostgreSQL) and the Slack sender against one fake Slack channel.
 */
class SlackExactlyOnceIT {
  private static final String KEY = "alert-42/parent";

  private final FakeClock clock = new FakeClock();
  private final FakeSlackChannel channel = new FakeSlackChannel(clock);
  private final MockWebServer slack = new MockWebServer();
  private EmbeddedPostgres postgres;
  private StateDatabase database;
  private OutboxStore outbox;

  @BeforeEach
  void start() throws Exception {
    slack.setDispatcher(channel);
    slack.start();
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    outbox = new OutboxStore(database);
  }

  @AfterEach
  void stop() throws Exception {
    slack.close();
    database.close();
    postgres.close();
  }

  private SlackOutboxSender sender(Duration readTimeout) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
    config.setStatsEnabled(false);
    if (readTimeout != null) {
      config.setHttpClientReadTimeoutMillis((int) readTimeout.toMillis());
    }
    return new SlackOutboxSender(
        new SlackDelivery(
            SlackOutboxSender.methods(config, "xoxb-test"),
            clock,
            wait -> {},
            new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))));
  }

  private OutboxWorker worker(String replica) {
    return new OutboxWorker(outbox, sender(null), clock, replica);
  }

  private static Message alert(String title) {
    return Message.builder(title)
        .header(title)
        .text("HTTP 503 for 2 minutes")
        .buttons(
            List.of(
                new Block.Button("alert.ack", "Acknowledge", "42", Tone.GOOD),
                new Block.Button("alert.resolve", "Resolve", "42", Tone.DANGER)))
        .tone(Tone.DANGER)
        .build();
  }

  private static Message text(String text) {
    return Message.builder(text).text(text).build();
  }

  /** A replica claims the item and starts sending it, then dies before recording anything. */
  private void replicaDiesWhileSending(boolean slackTookIt) {
    List<OutboxItem> claimed =
        outbox.claimDue(clock.instant(), 10, Duration.ofSeconds(10), "replica-that-dies");
    assertThat(claimed).hasSize(1);
    assertThat(
            outbox.attemptStarts(
                claimed.getFirst().id(), "replica-that-dies", clock.instant().plusSeconds(10)))
        .isTrue();
    if (slackTookIt) {
      sender(null).send(claimed.getFirst());
    }
  }

  @Test
  void aPostWhoseAnswerIsLostAppearsOnceAndItsThreadGoesUnderIt() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    OutboxWorker worker = worker("replica-a");
    channel.answersToLose = 1;

    assertThat(worker.pass()).as("the answer was lost: not known to be sent").isZero();
    clock.advance(Duration.ofSeconds(2));
    worker.pass();
    outbox.enqueue(
        OutboxItem.reply("alert-42/reply-1", "#ops", KEY, text("still down")), clock.instant());
    worker.pass();
    clock.advance(Duration.ofMinutes(10));
    worker.pass();

    List<FakeSlackChannel.Posted> seen = channel.messages();
    assertThat(seen)
        .extracting(FakeSlackChannel.Posted::threadTs)
        .containsExactly(null, seen.getFirst().ts());
    assertThat(seen.getFirst().hasButtons()).isTrue();
    assertThat(channel.posts.get()).as("posted once, then found in the history").isEqualTo(2);
  }

  @Test
  void anAnswerSlowerThanTheClientTimeoutDoesNotPostTwice() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    OutboxWorker impatient =
        new OutboxWorker(outbox, sender(Duration.ofMillis(300)), clock, "replica-a");
    channel.stallAnswer = Duration.ofSeconds(3);
    channel.answersToLose = 1;

    impatient.pass();
    clock.advance(Duration.ofSeconds(2));
    impatient.pass();
    clock.advance(Duration.ofMinutes(10));
    impatient.pass();

    assertThat(channel.messages()).hasSize(1);
    assertThat(outbox.platformRef(KEY))
        .contains(FakeSlackChannel.ID + "/" + channel.messages().getFirst().ts());
  }

  @Test
  void aReplyWhoseAnswerIsLostIsFoundInItsThread() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    OutboxWorker worker = worker("replica-a");
    worker.pass();
    outbox.enqueue(
        OutboxItem.reply("alert-42/reply-1", "#ops", KEY, text("still down")), clock.instant());
    channel.answersToLose = 1;

    worker.pass();
    clock.advance(Duration.ofSeconds(2));
    worker.pass();
    clock.advance(Duration.ofMinutes(10));
    worker.pass();

    assertThat(channel.messages()).as(channel.messages().toString()).hasSize(2);
    assertThat(channel.messages().get(1).text()).contains("still down");
  }

  @Test
  void aMessagePostedByAReplicaThatDiedIsFoundByAnotherAndNotPostedAgain() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    replicaDiesWhileSending(true);
    OutboxWorker survivor = worker("replica-b");

    clock.advance(Duration.ofSeconds(9));
    assertThat(survivor.pass()).as("the dead replica's lease still holds").isZero();
    clock.advance(Duration.ofSeconds(2));
    assertThat(survivor.pass()).as("sent within the short lease").isEqualTo(1);

    assertThat(channel.messages()).hasSize(1);
    assertThat(channel.posts.get()).isEqualTo(1);
    assertThat(outbox.platformRef(KEY))
        .contains(FakeSlackChannel.ID + "/" + channel.messages().getFirst().ts());
  }

  @Test
  void ofTwoStaleCopiesTheEarlierStaysAndTheLaterLosesItsButtons() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    String buttons = "[{\"type\":\"actions\",\"elements\":[{\"type\":\"button\"}]}]";
    clock.advance(Duration.ofSeconds(1));
    FakeSlackChannel.Posted first = channel.add(null, "backend is DOWN", buttons, KEY);
    channel.add(null, "someone else talking", null, null);
    FakeSlackChannel.Posted second = channel.add(null, "backend is DOWN", buttons, KEY);
    replicaDiesWhileSending(false);
    clock.advance(Duration.ofSeconds(11));
    OutboxWorker survivor = worker("replica-b");

    survivor.pass();
    outbox.enqueue(
        OutboxItem.update("alert-42/ack", "#ops", KEY, text("Acknowledged by Dana")),
        clock.instant());
    survivor.pass();

    List<FakeSlackChannel.Posted> seen = channel.messages();
    assertThat(seen).hasSize(3);
    assertThat(seen.getFirst().ts()).isEqualTo(first.ts());
    assertThat(seen.getFirst().text())
        .as("the edit goes to the earliest copy")
        .contains("Acknowledged");
    FakeSlackChannel.Posted stale = seen.get(2);
    assertThat(stale.ts()).isEqualTo(second.ts());
    assertThat(stale.text()).isEqualTo(SlackOutboxSender.DUPLICATE_NOTE);
    assertThat(stale.hasButtons()).isFalse();
    assertThat(channel.posts.get()).isZero();
  }

  @Test
  void whileTheHistoryCannotBeReadNothingIsPostedAndTheItemWaits() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    replicaDiesWhileSending(false);
    clock.advance(Duration.ofSeconds(11));
    OutboxWorker survivor = worker("replica-b");
    channel.historyFailures = 1;

    survivor.pass();
    assertThat(channel.messages()).as("not posted blindly").isEmpty();
    assertThat(outbox.counts().pending()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    survivor.pass();
    assertThat(channel.messages()).hasSize(1);
    assertThat(channel.historyReads.get()).isEqualTo(2);
  }

  @Test
  void withoutTheHistoryScopeAnInDoubtMessageIsPostedAgainRatherThanNever() {
    outbox.enqueue(OutboxItem.post(KEY, "#ops", alert("backend is DOWN")), clock.instant());
    replicaDiesWhileSending(false);
    clock.advance(Duration.ofSeconds(11));
    channel.historyError = "missing_scope";

    worker("replica-b").pass();

    assertThat(channel.messages()).hasSize(1);
  }
}
