package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.config.Severity;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Results;
import dev.opsbot.testing.TestStateDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A probe round's fires are stored together (one transaction for the round, root causes first): two
 * replicas on one PostgreSQL, fed the same round of 200 services and their database at the same
 * moment, still fire each alert once, fold every dependent into the database's alert and page once.
 */
class RoundBatchReplicasIT {
  private static final Instant T0 = Instant.parse("2026-12-05T05:00:00Z");
  private static final int SERVICES = 200;

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private TestStateDatabase postgres;
  private StateDatabase database;
  private OutboxWorker worker;
  private AlertDesk a;
  private AlertDesk b;

  private final AlertRule serviceDown =
      new AlertRule(
          "service-down",
          "{service} is down: {reason}",
          AlertFixtures.statusRule("x", "DOWN", "critical", Duration.ZERO).when(),
          Severity.CRITICAL,
          Duration.ofSeconds(90),
          Duration.ofMinutes(2),
          null,
          "service-not-responding",
          Duration.ofMinutes(30),
          Duration.ofMinutes(10),
          List.of());
  private final AlertRules rules =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ZERO),
          Map.of("critical", "#ops-critical"),
          List.of(serviceDown),
          new AlertEscalation("<!subteam^S0ONCALL>", List.of()));

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    database = postgres.database();
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(this::record);
    worker = new OutboxWorker(new OutboxStore(database), routes, clock);
    a = replica();
    b = replica();
  }

  private AlertDesk replica() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    services().forEach(service -> edges.put(service, List.of("db")));
    AlertDesk desk =
        new AlertDesk(
            rules,
            Runbooks.in(Path.of("alerts/runbooks")),
            new AlertStore(database),
            new OutboxStore(database),
            new AlertMessages(ZoneId.of("UTC")),
            AlertFixtures.singlePage(rules),
            DependencyGraph.of(edges),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    desk.start();
    return desk;
  }

  private static List<String> services() {
    List<String> services = new ArrayList<>();
    for (int i = 0; i < SERVICES; i++) {
      services.add(String.format(Locale.ROOT, "svc-%03d", i));
    }
    return services;
  }

  private SendResult record(OutboxItem item) {
    String text = new PlainTextRenderer().render(item.message());
    String ref = "m" + (chat.size() + 1);
    chat.add(
        item.kind()
            + " "
            + (item.parentRef() == null ? "" : item.parentRef() + " ")
            + text.strip());
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.POST ? ref : item.parentRef());
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
    worker.close();
    postgres.close();
  }

  /** Everything down, the database's result in the middle; both replicas fed it at once. */
  private void roundSeenByBothAtOnce() throws InterruptedException {
    List<ProbeResult> round = new ArrayList<>();
    for (String service : services()) {
      round.add(
          Results.status(
              ProbeKey.health(service), ProbeStatus.DOWN, 503, 5, "HTTP 503", clock.instant()));
    }
    round.add(
        SERVICES / 2,
        Results.status(
            ProbeKey.database("db"),
            ProbeStatus.DOWN,
            null,
            5,
            "connection refused",
            clock.instant()));
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> feeders = new ArrayList<>();
    for (AlertDesk desk : List.of(a, b)) {
      feeders.add(
          Thread.ofPlatform()
              .start(() -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                round.forEach(desk.listener()::onResult);
              }));
    }
    go.countDown();
    for (Thread feeder : feeders) {
      feeder.join();
    }
    a.drain();
    b.drain();
    worker.pass();
  }

  @Test
  void twoReplicasFiringTheSameRoundAtOnceFireEachAlertOnceAndPageOnce() throws Exception {
    roundSeenByBothAtOnce();
    clock.advance(Duration.ofSeconds(91));
    roundSeenByBothAtOnce();
    a.tickNow();
    b.tickNow();
    worker.pass();

    AlertStore store = new AlertStore(database);
    List<StoredAlert> open = store.openAlerts();
    assertThat(open).hasSize(SERVICES + 1);
    for (StoredAlert alert : open) {
      assertThat(alert.state()).isEqualTo(StoredAlertState.FIRING);
      assertThat(
              store.transitions(alert.id()).stream().filter(t -> t.to() == StoredAlertState.FIRING))
          .as("fires of %s", alert.service())
          .hasSize(1);
    }
    StoredAlert root =
        open.stream().filter(alert -> alert.service().equals("db")).findFirst().orElseThrow();
    assertThat(open)
        .as("every dependent shown in the database's thread")
        .allSatisfy(alert -> assertThat(alert.incidentId()).isEqualTo(root.id()));
    assertThat(chat.stream().filter(line -> line.startsWith("POST ")))
        .singleElement()
        .asString()
        .contains("CRITICAL: db is down: connection refused");
    assertThat(chat.stream().filter(line -> line.startsWith("REPLY m1 Also affected")))
        .as("the dependents listed in the database's thread, at most once per replica: %s", chat)
        .hasSizeBetween(1, 2);

    clock.advance(Duration.ofMinutes(10));
    a.tickNow();
    b.tickNow();
    worker.pass();
    clock.advance(Duration.ofMinutes(10));
    a.tickNow();
    b.tickNow();
    worker.pass();
    assertThat(chat.stream().filter(line -> line.contains("Paged <!subteam^S0ONCALL>")))
        .as("the escalation pages for the database only, once")
        .singleElement()
        .asString()
        .startsWith("REPLY m1 Paged");
    assertThat(chat.stream().filter(line -> line.startsWith("POST "))).hasSize(1);
  }
}
