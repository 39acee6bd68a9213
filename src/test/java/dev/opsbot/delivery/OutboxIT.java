package dev.opsbot.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Message;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox against a real PostgreSQL, with a recording chat platform that can be down. */
class OutboxIT {
  private EmbeddedPostgres postgres;
  private StateDatabase database;
  private final FakeClock clock = new FakeClock();

  /** A chat platform that answers as scripted, then accepts, and records what it delivered. */
  private static final class ScriptedPlatform implements ChatSender {
    final Deque<SendResult> script = new ArrayDeque<>();
    final List<String> delivered = new ArrayList<>();
    int attempts;

    @Override
    public SendResult send(OutboxItem item) {
      attempts++;
      SendResult next = script.isEmpty() ? null : script.removeFirst();
      if (next != null) {
        return next;
      }
      String ref = "ts-" + (delivered.size() + 1);
      delivered.add(
          item.kind()
              + " "
              + item.key()
              + (item.parentRef() == null ? "" : " in " + item.parentRef()));
      return new SendResult.Sent(ref);
    }
  }

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database = open();
  }

  private StateDatabase open() {
    return new StateDatabase(
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
  }

  @AfterEach
  void stop() throws Exception {
    database.close();
    postgres.close();
  }

  private static Message text(String text) {
    return Message.builder(text).text(text).build();
  }

  @Test
  void theSameKeyIsStoredAndSentOnce() {
    OutboxStore outbox = new OutboxStore(database);
    ScriptedPlatform slack = new ScriptedPlatform();

    assertThat(
            outbox.enqueue(OutboxItem.post("alert-1/fired", "#ops", text("down")), clock.instant()))
        .isTrue();
    assertThat(
            outbox.enqueue(OutboxItem.post("alert-1/fired", "#ops", text("down")), clock.instant()))
        .isFalse();
    new OutboxWorker(outbox, slack, clock).pass();
    new OutboxWorker(outbox, slack, clock).pass();

    assertThat(slack.delivered).containsExactly("POST alert-1/fired");
  }

  @Test
  void anOutageDelaysMessagesAndLosesNoneEachSentOnce() {
    OutboxStore outbox = new OutboxStore(database);
    ScriptedPlatform slack = new ScriptedPlatform();
    for (int i = 1; i <= 3; i++) {
      outbox.enqueue(
          OutboxItem.post("alert-" + i + "/fired", "#ops", text("alert " + i)), clock.instant());
    }
    OutboxWorker worker = new OutboxWorker(outbox, slack, clock);
    // Slack answers 503 for everything for a while; one item gets a 429 with Retry-After 30 s.
    slack.script.add(SendResult.RetryLater.notTaken(null, "HTTP 503"));
    slack.script.add(SendResult.RetryLater.notTaken(Duration.ofSeconds(30), "HTTP 429"));
    slack.script.add(SendResult.RetryLater.notTaken(null, "HTTP 503"));

    assertThat(worker.pass()).isZero();
    clock.advance(Duration.ofSeconds(2));
    assertThat(worker.pass()).as("the two 503s are retried after 2 s").isEqualTo(2);
    assertThat(slack.delivered).containsExactly("POST alert-1/fired", "POST alert-3/fired");

    clock.advance(Duration.ofSeconds(28));
    assertThat(worker.pass()).as("the 429 waits its Retry-After").isEqualTo(1);
    assertThat(slack.delivered)
        .containsExactly("POST alert-1/fired", "POST alert-3/fired", "POST alert-2/fired");
    assertThat(worker.pass()).isZero();
  }

  @Test
  void aLostAnswerStaysInDoubtThroughAReplicaWithNoPlatformConnectedYet() {
    OutboxStore outbox = new OutboxStore(database);
    outbox.enqueue(OutboxItem.post("alert-9/page-1", "#ops", text("Paged ana")), clock.instant());
    ScriptedPlatform slack = new ScriptedPlatform();
    slack.script.add(SendResult.RetryLater.inDoubt(null, "IOException: unexpected end of stream"));
    new OutboxWorker(outbox, slack, clock).pass();

    // Another replica, started a moment ago, has no Slack connection yet when it takes the item.
    clock.advance(Duration.ofSeconds(2));
    new OutboxWorker(outbox, new ChatRoutes(), clock).pass();

    // Once connected, whoever sends it next is told it may be in the channel already.
    clock.advance(Duration.ofMinutes(1));
    List<Boolean> toldInDoubt = new ArrayList<>();
    new OutboxWorker(
            outbox,
            item -> {
              toldInDoubt.add(item.inDoubt());
              return new SendResult.Sent("ts-1");
            },
            clock)
        .pass();
    assertThat(toldInDoubt).containsExactly(true);
  }

  @Test
  void repliesAndUpdatesWaitForTheirParentAndGoToItsThread() {
    OutboxStore outbox = new OutboxStore(database);
    ScriptedPlatform slack = new ScriptedPlatform();
    outbox.enqueue(
        OutboxItem.post("alert-7/parent", "#ops", text("AUREA stopped")), clock.instant());
    outbox.enqueue(
        OutboxItem.reply("alert-7/reply-1", "#ops", "alert-7/parent", text("value false")),
        clock.instant());
    outbox.enqueue(
        OutboxItem.update("alert-7/ack", "#ops", "alert-7/parent", text("acknowledged")),
        clock.instant());
    slack.script.add(SendResult.RetryLater.inDoubt(null, "timeout"));
    OutboxWorker worker = new OutboxWorker(outbox, slack, clock);

    worker.pass();
    assertThat(slack.delivered).as("nothing may go before its parent").isEmpty();

    clock.advance(Duration.ofSeconds(2));
    worker.pass();
    worker.pass();

    assertThat(slack.delivered)
        .containsExactly(
            "POST alert-7/parent", "REPLY alert-7/reply-1 in ts-1", "UPDATE alert-7/ack in ts-1");
  }

  @Test
  void aThreadKeepsItsOrderAndAnEditReplacedBeforeSendingIsNeverSent() {
    OutboxStore outbox = new OutboxStore(database);
    ScriptedPlatform slack = new ScriptedPlatform();
    OutboxWorker worker = new OutboxWorker(outbox, slack, clock);
    outbox.enqueue(OutboxItem.post("alert-7/parent", "#ops", text("firing")), clock.instant());
    worker.pass();
    outbox.enqueue(
        OutboxItem.update("alert-7/ack", "#ops", "alert-7/parent", text("acknowledged")),
        clock.instant());
    outbox.enqueue(
        OutboxItem.reply("alert-7/ack/reply", "#ops", "alert-7/parent", text("ack by dana")),
        clock.instant());
    slack.script.add(SendResult.RetryLater.notTaken(null, "HTTP 503"));

    worker.pass();
    assertThat(slack.delivered)
        .as("the reply must not overtake the edit being retried")
        .containsExactly("POST alert-7/parent");

    outbox.enqueue(
        OutboxItem.update("alert-7/resolved", "#ops", "alert-7/parent", text("resolved")),
        clock.instant());
    clock.advance(Duration.ofSeconds(2));
    worker.pass();

    assertThat(slack.delivered)
        .as("the waiting edit is replaced by the later one; the thread keeps its order")
        .containsExactly(
            "POST alert-7/parent",
            "REPLY alert-7/ack/reply in ts-1",
            "UPDATE alert-7/resolved in ts-1");
  }

  @Test
  void aRestartResumesWhatWasPendingAndAPermanentErrorStopsRetrying() {
    OutboxStore before = new OutboxStore(database);
    before.enqueue(
        OutboxItem.post("digest-2026-11-25", "#managers", text("digest")), clock.instant());
    before.enqueue(OutboxItem.post("alert-9/fired", "#gone", text("x")), clock.instant());
    database.close();

    database = open();
    OutboxStore after = new OutboxStore(database);
    ScriptedPlatform slack = new ScriptedPlatform();
    slack.script.add(new SendResult.Sent("ts-digest"));
    slack.script.add(new SendResult.Failed("channel_not_found"));
    OutboxWorker worker = new OutboxWorker(after, slack, clock);

    worker.pass();
    clock.advance(Duration.ofHours(1));
    worker.pass();

    assertThat(slack.attempts).isEqualTo(2);
    assertThat(after.counts()).isEqualTo(new OutboxStore.Counts(0, 1));
  }

  @Test
  void backoffDoublesAndIsCapped() {
    assertThat(OutboxWorker.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(OutboxWorker.backoff(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(OutboxWorker.backoff(30)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aStoredMessageNoOneCanReadIsSetAsideAndTheRestStillGoOut() throws Exception {
    OutboxStore outbox = new OutboxStore(database);
    ScriptedPlatform slack = new ScriptedPlatform();
    outbox.enqueue(OutboxItem.post("from-a-newer-version", "#ops", text("?")), clock.instant());
    outbox.enqueue(OutboxItem.post("alert-2/fired", "#ops", text("down")), clock.instant());
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      // A block type this version does not know, as a newer replica could write during a deploy.
      statement.executeUpdate(
          "UPDATE outbox SET message = '{\"blocks\":[{\"type\":\"Poll\"}],"
              + "\"fallbackText\":\"?\"}'::jsonb WHERE idempotency_key = 'from-a-newer-version'");
    }

    new OutboxWorker(outbox, slack, clock).pass();

    assertThat(slack.delivered).containsExactly("POST alert-2/fired");
    assertThat(outbox.counts()).isEqualTo(new OutboxStore.Counts(0, 1));
  }

  @Test
  void aReplicaThatDiesHoldingAnItemHoldsItOnlyForTheShortLease() {
    OutboxStore outbox = new OutboxStore(database);
    outbox.enqueue(OutboxItem.post("alert-3/fired", "#ops", text("down")), clock.instant());
    assertThat(outbox.claimDue(clock.instant(), 10, OutboxWorker.LEASE, "replica-dead")).hasSize(1);
    ScriptedPlatform slack = new ScriptedPlatform();
    OutboxWorker survivor = new OutboxWorker(outbox, slack, clock, "replica-b");

    clock.advance(Duration.ofSeconds(9));
    survivor.pass();
    assertThat(slack.delivered).as("the lease still holds").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    survivor.pass();

    assertThat(slack.delivered).containsExactly("POST alert-3/fired");
  }

  @Test
  void aLongSendKeepsItsItemBecauseTheLeaseIsRenewed() throws Exception {
    OutboxStore outbox = new OutboxStore(database);
    outbox.enqueue(OutboxItem.post("alert-4/fired", "#ops", text("down")), clock.instant());
    java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    OutboxWorker slow =
        new OutboxWorker(
            outbox,
            item -> {
              sending.countDown();
              try {
                answer.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new SendResult.Sent("ts-slow");
            },
            clock,
            "replica-a");
    ScriptedPlatform other = new ScriptedPlatform();
    OutboxWorker survivor = new OutboxWorker(outbox, other, clock, "replica-b");
    Thread inFlight = Thread.ofPlatform().start(slow::pass);
    sending.await();

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(8));
      slow.renewLeases();
      survivor.pass();
    }
    answer.countDown();
    inFlight.join();

    assertThat(other.attempts).as("40 s in flight, never taken over").isZero();
    assertThat(outbox.platformRef("alert-4/fired")).contains("ts-slow");
  }

  @Test
  void aSendThatHangsDoesNotHoldUpTheRestOfItsBatchAndNothingIsSentTwice() throws Exception {
    OutboxStore outbox = new OutboxStore(database);
    outbox.enqueue(OutboxItem.post("alert-7/fired", "#ops", text("hangs")), clock.instant());
    outbox.enqueue(OutboxItem.post("alert-8/fired", "#dev", text("behind it")), clock.instant());
    java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    List<String> sentByA = new java.util.concurrent.CopyOnWriteArrayList<>();
    OutboxWorker a =
        new OutboxWorker(
            outbox,
            item -> {
              sentByA.add(item.key());
              if (item.key().equals("alert-7/fired")) {
                sending.countDown();
                try {
                  answer.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return new SendResult.Sent("ts-a-" + item.key());
            },
            clock,
            "replica-a");
    ScriptedPlatform b = new ScriptedPlatform();
    OutboxWorker survivor = new OutboxWorker(outbox, b, clock, "replica-b");
    Thread inFlight = Thread.ofPlatform().start(a::pass);
    sending.await();

    clock.advance(Duration.ofSeconds(8));
    a.renewLeases();
    clock.advance(Duration.ofSeconds(3));
    survivor.pass();
    answer.countDown();
    inFlight.join();

    assertThat(b.delivered)
        .as("the message behind the hung send went out from the other replica")
        .containsExactly("POST alert-8/fired");
    assertThat(sentByA).as("and the first replica skipped it").containsExactly("alert-7/fired");
    assertThat(outbox.counts().pending()).isZero();
  }

  @Test
  void closingHandsBackWhatTheWorkerStillHoldsSoAnotherSendsItAtOnce() throws Exception {
    OutboxStore outbox = new OutboxStore(database);
    outbox.enqueue(OutboxItem.post("alert-5/fired", "#ops", text("first")), clock.instant());
    outbox.enqueue(OutboxItem.post("alert-6/fired", "#ops", text("second")), clock.instant());
    java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
    List<String> sentByA = new java.util.concurrent.CopyOnWriteArrayList<>();
    OutboxWorker[] closing = new OutboxWorker[1];
    OutboxWorker a =
        new OutboxWorker(
            outbox,
            item -> {
              sentByA.add(item.key());
              // SIGTERM arrives while the first send is in flight (close() starts by this step);
              // the send finishes.
              closing[0].stopClaiming();
              sending.countDown();
              return new SendResult.Sent("ts-a");
            },
            clock,
            "replica-a");
    closing[0] = a;
    a.start(Duration.ofHours(1));
    sending.await();
    a.close();
    ScriptedPlatform b = new ScriptedPlatform();

    new OutboxWorker(outbox, b, clock, "replica-b").pass();

    assertThat(sentByA).containsExactly("alert-5/fired");
    assertThat(b.delivered).as("no lease to wait out").containsExactly("POST alert-6/fired");
    assertThat(outbox.counts().pending()).isZero();
  }
}
