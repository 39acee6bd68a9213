package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Message;
import dev.opsbot.chat.MessageJson;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.Problem;
import dev.opsbot.oncall.OpenAlerts.OpenAlert;
import dev.opsbot.oncall.OpenAlerts.Status;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Golden;
import dev.opsbot.testing.TestStateDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-over posts on a clock the test moves, over a real PostgreSQL: each shift change is posted
 * once, with the open alerts, whatever the number of replicas and restarts.
 */
class HandoverWatcherIT {
  private static final String WEEKLY =
      """
      people:
        ana: {name: Ana, slack: U0ANA}
        ben: {name: Ben, slack: U0BEN}
      schedules:
        primary:
          timeZone: Europe/Berlin
          channel: "#ops-alerts"
          layers:
            - {name: weekly, members: [ana, ben], shift: weekly, handover: "09:00", start: 2026-11-23}
      """;

  /** Monday 30 November 2026, 09:00 in Berlin: Ben takes over from Ana. */
  private static final Instant HANDOVER = Instant.parse("2026-11-30T08:00:00Z");

  private static TestStateDatabase postgres;
  private final AtomicInteger wakes = new AtomicInteger();
  private final List<OpenAlert> open = new ArrayList<>();

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = TestStateDatabase.start();
    postgres.database().requireReady();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void emptyTables() throws Exception {
    try (Connection connection = postgres.database().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE oncall_handovers, outbox RESTART IDENTITY");
    }
  }

  static OnCallRoster roster(String yaml) {
    List<Problem> problems = new ArrayList<>();
    OnCallConfig config = new ConfigLoader(Map.of()).parseOnCall("oncall.yaml", yaml, problems);
    assertThat(problems).isEmpty();
    return OnCallRoster.of(config, OverrideSource.NONE);
  }

  private HandoverWatcher watcher(OnCallRoster roster, FakeClock clock, String replica) {
    return new HandoverWatcher(
        roster,
        new HandoverStore(postgres.database()),
        () -> List.copyOf(open),
        wakes::incrementAndGet,
        clock,
        replica);
  }

  private record Post(String key, String channel, Message message) {}

  private static List<Post> posts() throws Exception {
    List<Post> posts = new ArrayList<>();
    try (Connection connection = postgres.database().dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT idempotency_key, channel, message::text FROM outbox ORDER BY id")) {
      while (rows.next()) {
        posts.add(
            new Post(rows.getString(1), rows.getString(2), MessageJson.read(rows.getString(3))));
      }
    }
    return posts;
  }

  private static List<String> recorded() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.database().dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT person, coalesce(previous, '-'), posted FROM oncall_handovers"
                    + " ORDER BY shift_start")) {
      while (result.next()) {
        rows.add(
            result.getString(1)
                + " after "
                + result.getString(2)
                + (result.getBoolean(3) ? ", posted" : ", not posted"));
      }
    }
    return rows;
  }

  @Test
  void aHandOverIsPostedOnceWithTheOpenAlertsHandedOver() throws Exception {
    open.add(
        new OpenAlert(
            12,
            "critical",
            "backend",
            "backend: error rate 7.2% > 5%",
            Instant.parse("2026-11-30T06:48:00Z"),
            Status.FIRING,
            null,
            null));
    open.add(
        new OpenAlert(
            14,
            "warning",
            "aurea",
            "aurea: scheduler has 58 jobs, 61 expected",
            Instant.parse("2026-11-29T21:05:00Z"),
            Status.ACKNOWLEDGED,
            "U0ANA",
            null));
    open.add(
        new OpenAlert(
            15,
            "warning",
            "frontend",
            "frontend: p99 1450 ms > 1000 ms",
            Instant.parse("2026-11-30T07:30:00Z"),
            Status.SNOOZED,
            "U0ANA",
            Instant.parse("2026-11-30T09:30:00Z")));
    FakeClock clock = new FakeClock(HANDOVER.minusSeconds(10));
    HandoverWatcher watcher = watcher(roster(WEEKLY), clock, "r1");

    assertThat(watcher.tick()).as("Ana's week began a week ago: not news").isZero();
    clock.advance(Duration.ofSeconds(15));
    assertThat(watcher.tick()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(watcher.tick()).isZero();

    List<Post> posts = posts();
    assertThat(posts).hasSize(1);
    assertThat(posts.getFirst().channel()).isEqualTo("#ops-alerts");
    assertThat(posts.getFirst().key()).isEqualTo("handover:primary:2026-11-30T08:00:00Z");
    assertThat(new PlainTextRenderer().render(posts.getFirst().message()))
        .startsWith(
            "<@U0BEN> is on call for primary until Mon 07 Dec 09:00 Europe/Berlin (next:"
                + " <@U0ANA>); taking over from <@U0ANA>. 3 open alerts are handed over:");
    Golden.assertMessage(getClass(), "three-open-alerts", posts.getFirst().message());
    assertThat(recorded()).containsExactly("ana after -, not posted", "ben after ana, posted");
    assertThat(wakes).hasValue(1);
  }

  @Test
  void aHandOverWithNothingOpenSaysSo() throws Exception {
    FakeClock clock = new FakeClock(HANDOVER.plusSeconds(3));
    watcher(roster(WEEKLY), clock, "r1").tick();

    assertThat(posts())
        .singleElement()
        .satisfies(post -> Golden.assertMessage(getClass(), "nothing-open", post.message()));
  }

  @Test
  void theSamePersonGoingOnIntoAnotherLayerIsNoHandOver() throws Exception {
    String yaml =
        """
        people:
          ana: {name: Ana, slack: U0ANA}
          ben: {name: Ben, slack: U0BEN}
        schedules:
          primary:
            timeZone: Europe/Berlin
            channel: "#ops-alerts"
            layers:
              - {name: weekly, members: [ana, ben], shift: weekly, start: 2026-11-23}
              - {name: nights, members: [ben], shift: daily, start: 2026-11-23, hours: "20:00-08:00"}
        """;
    // Ben has the week from Monday 09:00 and the night layer from 20:00: he simply goes on.
    FakeClock clock = new FakeClock(Instant.parse("2026-11-30T18:59:55Z"));
    HandoverWatcher watcher = watcher(roster(yaml), clock, "r1");
    watcher.tick();
    clock.advance(Duration.ofSeconds(10));

    assertThat(watcher.tick()).isZero();
    assertThat(posts()).isEmpty();
    assertThat(recorded()).containsExactly("ben after ana, not posted");
  }

  @Test
  void twoReplicasTickingAtOncePostOnce() throws Exception {
    FakeClock clock = new FakeClock(HANDOVER.plusSeconds(2));
    OnCallRoster roster = roster(WEEKLY);
    HandoverWatcher first = watcher(roster, clock, "r1");
    HandoverWatcher second = watcher(roster, clock, "r2");
    CountDownLatch ready = new CountDownLatch(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Integer>> ticks = new ArrayList<>();
      for (HandoverWatcher replica : List.of(first, second)) {
        ticks.add(() -> {
          ready.countDown();
          ready.await();
          return replica.tick();
        });
      }
      int posted = 0;
      for (Future<Integer> tick : threads.invokeAll(ticks)) {
        posted += tick.get();
      }
      assertThat(posted).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
    assertThat(first.tick() + second.tick()).isZero();
    assertThat(posts()).hasSize(1);
  }

  @Test
  void aRestartedReplicaDoesNotPostTheHandOverAgain() throws Exception {
    FakeClock clock = new FakeClock(HANDOVER.plusSeconds(2));
    OnCallRoster roster = roster(WEEKLY);
    assertThat(watcher(roster, clock, "before").tick()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));

    assertThat(watcher(roster, clock, "after restart").tick()).isZero();
    assertThat(posts()).hasSize(1);
  }

  @Test
  void aHandOverMissedWhileDownIsPostedWithinHalfAnHourAndOnlyRecordedAfter() throws Exception {
    FakeClock clock = new FakeClock(HANDOVER.plus(Duration.ofMinutes(20)));
    assertThat(watcher(roster(WEEKLY), clock, "r1").tick()).isEqualTo(1);

    emptyTables();
    clock.set(HANDOVER.plus(Duration.ofMinutes(45)));
    assertThat(watcher(roster(WEEKLY), clock, "r1").tick()).isZero();
    assertThat(posts()).isEmpty();
    assertThat(recorded()).containsExactly("ben after ana, not posted");
  }
}
