package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.MessageJson;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The digest schedule against a real PostgreSQL with a fake clock: what lands in the outbox, and
 * when, across days, weekends, daylight-saving changes, restarts and two replicas.
 */
class DigestSchedulerIT {
  private static final ZoneId DENVER = ZoneId.of("America/Denver");
  private static final String CHANNEL = "#ops-daily";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-24T15:00:00Z"));
  private EmbeddedPostgres postgres;
  private StateDatabase database;

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
  }

  @AfterEach
  void stop() throws Exception {
    database.close();
    postgres.close();
  }

  private DigestScheduler scheduler(String replica, LocalTime time, boolean weekdaysOnly) {
    return scheduler(replica, time, weekdaysOnly, List.of());
  }

  private DigestScheduler scheduler(
      String replica, LocalTime time, boolean weekdaysOnly, List<String> email) {
    ProbeHistoryStore history =
        new ProbeHistoryStore(database, Duration.ofDays(7), Duration.ofDays(90));
    DigestPublisher publisher =
        new DigestPublisher(
            new DigestBuilder(
                List.of(new DigestBuilder.Target("backend", "Backend")),
                Optional.empty(),
                new DigestQueries(database, history),
                BusinessFigures.NONE),
            new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY)),
            new OutboxStore(database),
            () -> {},
            clock);
    return new DigestScheduler(
        List.of(new DigestSchedule(CHANNEL, time, DENVER, weekdaysOnly, email)),
        new DigestRunStore(database),
        publisher,
        clock,
        replica);
  }

  private DigestScheduler daily() {
    return scheduler("replica-a", LocalTime.of(8, 30), false);
  }

  /** The digests posted to the channel, as "key: first line of the post". */
  private List<String> posts() throws Exception {
    List<String> posts = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT idempotency_key, message::text FROM outbox WHERE kind = 'post'"
                    + " ORDER BY id")) {
      while (rows.next()) {
        posts.add(rows.getString(1) + ": " + render(rows.getString(2)));
      }
    }
    return posts;
  }

  private static String render(String json) {
    return new PlainTextRenderer().render(MessageJson.read(json)).strip();
  }

  @Test
  void postsOncePerDayAtTheLocalTime() throws Exception {
    DigestScheduler scheduler = daily();
    // 08:00 in Denver (UTC-7): not yet.
    assertThat(scheduler.tick()).isZero();

    clock.set(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(scheduler.tick()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(scheduler.tick()).isZero();
    clock.set(Instant.parse("2026-11-25T15:30:00Z"));
    assertThat(scheduler.tick()).isEqualTo(1);

    assertThat(posts())
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).startsWith("digest:#ops-daily:2026-11-24: "),
            second -> assertThat(second).startsWith("digest:#ops-daily:2026-11-25: "));
    assertThat(posts().getFirst()).doesNotContain("posted late");
  }

  @Test
  void theScheduledDigestGoesToItsThreadAndByEmailUnderKeysOfItsDay() throws Exception {
    DigestScheduler scheduler =
        scheduler("replica-a", LocalTime.of(8, 30), false, List.of("managers@example.com"));
    clock.set(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(scheduler.tick()).isEqualTo(1);

    List<String> items = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT kind, idempotency_key, channel, coalesce(parent_key, '-') FROM outbox"
                    + " ORDER BY id")) {
      while (rows.next()) {
        items.add(
            rows.getString(1)
                + " "
                + rows.getString(2)
                + " "
                + rows.getString(3)
                + " "
                + rows.getString(4));
      }
    }
    // No history in this database: no chart, the post says there is nothing to judge.
    assertThat(items)
        .containsExactly(
            "post digest:#ops-daily:2026-11-24 #ops-daily -",
            "reply digest:#ops-daily:2026-11-24:details #ops-daily digest:#ops-daily:2026-11-24",
            "post digest:#ops-daily:2026-11-24:email email:managers@example.com -");
    assertThat(posts().getFirst()).contains("No probe history for the last 24 h");
  }

  @Test
  void aDigestThatCouldNotBeEnqueuedIsRetriedAtTheNextTickNotAfterTheLease() throws Exception {
    DigestScheduler scheduler = daily();
    clock.set(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(database.ready()).as("migrated").isEmpty();
    sql("ALTER TABLE outbox RENAME TO outbox_away");
    assertThat(scheduler.tick()).as("the outbox is gone").isZero();
    sql("ALTER TABLE outbox_away RENAME TO outbox");

    clock.advance(Duration.ofSeconds(30));
    assertThat(scheduler.tick()).isEqualTo(1);
    assertThat(posts()).singleElement().asString().doesNotContain("posted late");
  }

  private void sql(String statement) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement run = connection.createStatement()) {
      run.execute(statement);
    }
  }

  @Test
  void weekdayScheduleSkipsTheWeekend() throws Exception {
    DigestScheduler scheduler = scheduler("replica-a", LocalTime.of(8, 30), true);
    clock.set(Instant.parse("2026-11-27T15:30:00Z")); // Friday
    assertThat(scheduler.tick()).isEqualTo(1);
    clock.set(Instant.parse("2026-11-28T15:30:00Z")); // Saturday
    assertThat(scheduler.tick()).isZero();
    clock.set(Instant.parse("2026-11-29T15:30:00Z")); // Sunday
    assertThat(scheduler.tick()).isZero();
    clock.set(Instant.parse("2026-11-30T15:30:00Z")); // Monday
    assertThat(scheduler.tick()).isEqualTo(1);

    assertThat(posts())
        .extracting(p -> p.substring(0, p.indexOf(": ")))
        .containsExactly("digest:#ops-daily:2026-11-27", "digest:#ops-daily:2026-11-30");
  }

  @Test
  void springForwardKeepsTheLocalTime() throws Exception {
    DigestScheduler scheduler = daily();
    clock.set(Instant.parse("2027-03-13T15:30:00Z")); // 08:30 MST
    assertThat(scheduler.tick()).isEqualTo(1);
    clock.set(Instant.parse("2027-03-14T14:29:00Z")); // 08:29 MDT
    assertThat(scheduler.tick()).isZero();
    clock.set(Instant.parse("2027-03-14T14:30:00Z")); // 08:30 MDT, an hour earlier in UTC
    assertThat(scheduler.tick()).isEqualTo(1);
    clock.set(Instant.parse("2027-03-14T15:30:00Z"));
    assertThat(scheduler.tick()).isZero();

    assertThat(posts()).hasSize(2);
  }

  @Test
  void anHourThatHappensTwiceWhenClocksGoBackPostsOnce() throws Exception {
    DigestScheduler scheduler = scheduler("replica-a", LocalTime.of(1, 30), false);
    clock.set(Instant.parse("2026-10-31T07:30:00Z")); // the day before, 01:30 MDT
    assertThat(scheduler.tick()).isEqualTo(1);
    clock.set(Instant.parse("2026-11-01T07:30:00Z")); // 01:30 MDT, the first time
    assertThat(scheduler.tick()).isEqualTo(1);
    clock.set(Instant.parse("2026-11-01T08:30:00Z")); // 01:30 MST, the second time
    assertThat(scheduler.tick()).isZero();

    assertThat(posts()).hasSize(2);
  }

  @Test
  void restartBeforeTheHourPostsOnTime() throws Exception {
    DigestScheduler before = daily();
    clock.set(Instant.parse("2026-11-24T15:20:00Z"));
    assertThat(before.tick()).isZero();
    before.close();

    DigestScheduler after = daily();
    clock.set(Instant.parse("2026-11-24T15:30:30Z"));
    assertThat(after.tick()).isEqualTo(1);

    assertThat(posts()).singleElement().asString().doesNotContain("posted late");
  }

  @Test
  void restartAfterTheHourPostsTheMissedDigestLateOnceAndSaysSo() throws Exception {
    DigestScheduler first = daily();
    clock.set(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(first.tick()).isEqualTo(1);
    first.close();

    // Down from the evening until 11:00 the next day: 08:30 passed while nothing ran.
    DigestScheduler restarted = daily();
    clock.set(Instant.parse("2026-11-25T18:00:00Z"));
    assertThat(restarted.tick()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(restarted.tick()).isZero();
    DigestScheduler again = daily();
    assertThat(again.tick()).isZero();

    assertThat(posts()).hasSize(2);
    assertThat(posts().getLast())
        .startsWith("digest:#ops-daily:2026-11-25: ")
        .contains("posted late: it was due Wed 08:30");
  }

  @Test
  void aNewScheduleFirstStartedAfterTheHourWaitsForTheNextDay() throws Exception {
    DigestScheduler scheduler = daily();
    clock.set(Instant.parse("2026-11-24T18:00:00Z"));
    assertThat(scheduler.tick()).isZero();
    clock.set(Instant.parse("2026-11-25T15:30:00Z"));
    assertThat(scheduler.tick()).isEqualTo(1);

    assertThat(posts()).singleElement().asString().startsWith("digest:#ops-daily:2026-11-25: ");
  }

  @Test
  void twoReplicasAtTheSameMomentPostOneDigest() throws Exception {
    DigestScheduler a = daily();
    DigestScheduler b = scheduler("replica-b", LocalTime.of(8, 30), false);
    clock.set(Instant.parse("2026-11-24T15:30:00Z"));
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Integer>> ticks =
          List.of(
              () -> {
                together.await();
                return a.tick();
              },
              () -> {
                together.await();
                return b.tick();
              });
      int posted = 0;
      for (Future<Integer> result : threads.invokeAll(ticks)) {
        posted += result.get();
      }
      assertThat(posted).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }

    assertThat(posts()).hasSize(1);
  }
}
