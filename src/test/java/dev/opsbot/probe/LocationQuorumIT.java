package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.FixedProbe;
import dev.opsbot.testing.Results;
import dev.opsbot.testing.TestStateDatabase;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas probing from different places share one real PostgreSQL: a target counts as down for
 * alerts only when the quorum of locations sees it down.
 */
class LocationQuorumIT {
  private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final ProbeKey ERP = ProbeKey.health("erp");
  private static final ProbeKey API = ProbeKey.health("api");
  private static final Caller USER = new Caller("test", "U1", "ana", "C1");

  private final FakeClock clock = new FakeClock(NOW);
  private TestStateDatabase postgres;
  private StateDatabase database;
  private ProbeEngine engine;

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    database = postgres.database();
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    postgres.close();
  }

  /** What the alert desk of one replica hears. */
  private static final class Heard implements ProbeListener {
    final Queue<ProbeResult> results = new ConcurrentLinkedQueue<>();

    @Override
    public void onResult(ProbeResult result) {
      results.add(result);
    }

    ProbeResult last() {
      return List.copyOf(results).getLast();
    }
  }

  private static ProbeSettings settings(String location, int quorum) {
    return new ProbeSettings(
        INTERVAL, null, null, null, null, null, null, null, null, location, quorum);
  }

  private LocationQuorum replica(String location, int quorum, ProbeListener alerts) {
    return replica(database, location, quorum, alerts);
  }

  private LocationQuorum replica(
      StateDatabase state, String location, int quorum, ProbeListener alerts) {
    return new LocationQuorum(
        new ProbeLocationStore(state), settings(location, quorum), clock, alerts);
  }

  private ProbeResult down(ProbeKey key, String reason) {
    return Results.status(key, ProbeStatus.DOWN, null, 5000, reason, clock.instant());
  }

  private ProbeResult up(ProbeKey key) {
    return Results.up(key, 80, "1.0", clock.instant());
  }

  @Test
  void oneLocationSeeingATargetDownIsNotEnoughForAQuorumOfTwo() {
    Heard euAlerts = new Heard();
    LocationQuorum eu = replica("eu-west", 2, euAlerts);
    LocationQuorum us = replica("us-east", 2, new Heard());
    us.onResult(up(ERP));

    eu.onResult(down(ERP, "timed out after 5 s"));

    ProbeResult heard = euAlerts.last();
    assertThat(heard.status()).isEqualTo(ProbeStatus.UP);
    assertThat(heard.reason()).isEqualTo("down only from eu-west (1 of 2 locations, quorum 2)");
    assertThat(heard.latency()).as("values stay as probed here").isEqualTo(Duration.ofMillis(5000));
  }

  @Test
  void twoLocationsSeeingItDownMakeItDownEvenWhereItLooksUp() {
    Heard euAlerts = new Heard();
    Heard usAlerts = new Heard();
    Heard apAlerts = new Heard();
    LocationQuorum eu = replica("eu-west", 2, euAlerts);
    LocationQuorum us = replica("us-east", 2, usAlerts);
    LocationQuorum ap = replica("ap-south", 2, apAlerts);

    eu.onResult(down(ERP, "connection refused"));
    us.onResult(down(ERP, "HTTP 503"));
    ap.onResult(up(ERP));

    assertThat(euAlerts.last().status())
        .as("eu-west, before us-east had probed")
        .isEqualTo(ProbeStatus.DOWN);
    ProbeResult us2 = usAlerts.last();
    assertThat(us2.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(us2.reason())
        .as("agreeing with the quorum, the result is untouched")
        .isEqualTo("HTTP 503");
    ProbeResult ap1 = apAlerts.last();
    assertThat(ap1.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(ap1.reason())
        .isEqualTo("down from eu-west, us-east (2 of 3 locations, quorum 2): connection refused");
  }

  @Test
  void aLocationThatStoppedProbingNoLongerCounts() {
    Heard euAlerts = new Heard();
    LocationQuorum eu = replica("eu-west", 2, euAlerts);
    LocationQuorum us = replica("us-east", 2, new Heard());
    us.onResult(up(ERP));
    eu.onResult(down(ERP, "HTTP 502"));
    assertThat(euAlerts.last().status()).isEqualTo(ProbeStatus.UP);

    // us-east's replica went away: three intervals later its last word is stale.
    clock.advance(INTERVAL.multipliedBy(3).plusSeconds(1));
    eu.onResult(down(ERP, "HTTP 502"));

    assertThat(euAlerts.last().status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(euAlerts.last().reason()).isEqualTo("HTTP 502");
  }

  @Test
  void aReplicaProbingAlonePassesEveryResultThroughUntouched() {
    Heard alerts = new Heard();
    LocationQuorum alone = replica("default", 2, alerts);
    ProbeResult down = down(ERP, "HTTP 503");
    ProbeResult up = up(API);

    alone.onResult(down);
    alone.onResult(up);

    assertThat(alerts.results).containsExactly(down, up);
    assertThat(alerts.results.peek()).isSameAs(down);
    assertThat(alone.verdicts(List.of(down, up))).isEmpty();
  }

  @Test
  void withoutTheStateDatabaseLocalVerdictsGoOn() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (StateDatabase gone =
        new StateDatabase("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "x", null)) {
      Heard alerts = new Heard();
      LocationQuorum eu = replica(gone, "eu-west", 2, alerts);
      ProbeResult first = down(ERP, "HTTP 503");
      ProbeResult second = down(API, "HTTP 500");

      eu.onResult(first);
      eu.onResult(second);

      assertThat(alerts.results).containsExactly(first, second);
      assertThat(eu.verdicts(List.of(first, second))).isEmpty();
    }
  }

  @Test
  void aRoundOverAThousandTargetsFromManyThreadsGetsEachTargetsOwnVerdict() throws Exception {
    List<ProbeKey> fleet = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      fleet.add(ProbeKey.health("svc-" + i));
    }
    LocationQuorum eu = replica("eu-west", 2, new Heard());
    Map<ProbeKey, ProbeResult> usHeard = new ConcurrentHashMap<>();
    LocationQuorum us = replica("us-east", 2, r -> usHeard.put(r.key(), r));
    // eu-west sees the even ones down; then us-east sees every one down, each on its own thread
    // (and the first target twice, as a fresh run beside a background one would).
    runAll(fleet, key -> eu.onResult(fleet.indexOf(key) % 2 == 0 ? down(key, "x") : up(key)));
    List<ProbeKey> twice = new ArrayList<>(fleet);
    twice.add(fleet.getFirst());

    runAll(twice, key -> us.onResult(down(key, "y")));

    assertThat(usHeard).hasSize(1000);
    fleet.forEach(key ->
        assertThat(usHeard.get(key).status())
            .as(key.subject())
            .isEqualTo(fleet.indexOf(key) % 2 == 0 ? ProbeStatus.DOWN : ProbeStatus.UP));
  }

  private static void runAll(List<ProbeKey> keys, java.util.function.Consumer<ProbeKey> action)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (ProbeKey key : keys) {
      threads.add(Thread.ofVirtual().start(() -> action.accept(key)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  @Test
  void healthShowsWhichLocationsSeeEachServiceDown() {
    LocationQuorum us = replica("us-east", 2, new Heard());
    LocationQuorum ap = replica("ap-south", 2, new Heard());
    us.onResult(down(ERP, "HTTP 503"));
    us.onResult(up(API));
    ap.onResult(up(ERP));
    ap.onResult(up(API));
    LocationQuorum eu = replica("eu-west", 2, new Heard());
    engine =
        new ProbeEngine(
            List.of(
                new FixedProbe(ERP, List.of(down(ERP, "connection refused"))),
                new FixedProbe(API, List.of(down(API, "timed out after 5 s")))),
            settings("eu-west", 2),
            clock,
            eu);
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(new HealthCommand(engine, clock, new FreshAllowance(clock), eu)));
    PlainTextRenderer console = new PlainTextRenderer();

    String fleetView = console.render(router.handle("/health", USER));
    String erpView = console.render(router.handle("/health erp", USER));

    assertThat(fleetView)
        .contains("LOCATIONS")
        .containsPattern("erp +DOWN .*connection refused .*down at eu-west, us-east \\(2/3\\)")
        .containsPattern(
            "api +UP .*down only from eu-west \\(1 of 3 locations, quorum 2\\)"
                + " +down from eu-west only \\(1/3, quorum 2\\)")
        .contains("1/2 up, 1 down");
    assertThat(erpView)
        .contains("LOCATION")
        .containsPattern("eu-west +DOWN +connection refused")
        .containsPattern("us-east +DOWN +HTTP 503")
        .containsPattern("ap-south +UP +ok");
  }
}
