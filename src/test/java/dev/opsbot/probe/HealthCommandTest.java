package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.testing.FixedProbe;
import dev.opsbot.testing.Golden;
import dev.opsbot.testing.Results;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
  private static final Instant EARLIER = NOW.minusSeconds(3);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ProbeSettings SETTINGS =
      new ProbeSettings(null, Duration.ofSeconds(15), null, 2, 1, null, null, null, null);

  private ProbeEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private CommandRouter routerWith(List<FixedProbe> probes) {
    engine = new ProbeEngine(probes, SETTINGS, CLOCK, ProbeListener.NONE);
    return CommandRouter.withHelp(List.of(new HealthCommand(engine, CLOCK)));
  }

  private static FixedProbe fixed(ProbeKey key, dev.opsbot.probe.ProbeResult... results) {
    return new FixedProbe(key, List.of(results));
  }

  private CommandRouter mixedFleet() {
    ProbeKey ai = ProbeKey.health("ai-agents");
    ProbeKey backend = ProbeKey.health("backend");
    ProbeKey bridge = ProbeKey.health("mcp-bridge");
    ProbeKey erp = ProbeKey.health("erp");
    ProbeKey db = ProbeKey.database("supabase");
    return routerWith(
        List.of(
            fixed(ai, Results.up(ai, 120, "9.1.1", EARLIER)),
            fixed(backend, Results.status(backend, ProbeStatus.DOWN, 503, 48, "HTTP 503", EARLIER)),
            fixed(
                bridge,
                Results.status(
                    bridge,
                    ProbeStatus.DEGRADED,
                    200,
                    2300,
                    "slow: 2300 ms (limit 2000 ms)",
                    EARLIER)),
            fixed(erp, Results.up(erp, 85, null, EARLIER)),
            fixed(db, Results.up(db, 4, "18.6", EARLIER))));
  }

  private static final Caller USER = new Caller("test", "U1", "ana", "C1");

  @Test
  void fleetTableShowsEveryServiceWithASummaryLine() {
    Message reply = mixedFleet().handle("/health", USER);

    Golden.assertMessage(getClass(), "fleet_mixed", reply);
    assertThat(reply.fallbackText()).isEqualTo("Fleet health: 3/5 up, 1 degraded, 1 down");
    assertThat(reply.tone()).isEqualTo(Tone.DANGER);
    assertThat(reply.visibility()).isEqualTo(Visibility.IN_CHANNEL);
  }

  @Test
  void singleDownResultIsMarkedUnconfirmedUntilTheFailureThreshold() {
    Message reply = mixedFleet().handle("/health", USER);

    assertThat(new dev.opsbot.chat.PlainTextRenderer().render(reply))
        .contains("HTTP 503 (failure 1 of 2 before it counts as down)");
  }

  @Test
  void oneServiceShowsPhasesHistoryAndFields() {
    ProbeKey backend = ProbeKey.health("backend");
    ProbeKey metrics = ProbeKey.endpoint("backend", "metrics");
    CommandRouter router =
        routerWith(
            List.of(
                fixed(
                    backend,
                    Results.up(backend, 140, "163.0.16", EARLIER.minusSeconds(30)),
                    Results.up(backend, 131, "163.0.16", EARLIER)),
                fixed(
                    metrics,
                    Results.withFields(
                        metrics,
                        ProbeStatus.UP,
                        20,
                        Map.of(
                            "errorRatePercent",
                            com.fasterxml.jackson.databind.node.DoubleNode.valueOf(0.4)),
                        EARLIER))));
    engine.probe(backend, true);

    Message reply = router.handle("/health backend --fresh", USER);

    Golden.assertMessage(getClass(), "single_backend", reply);
  }

  @Test
  void unknownServiceSuggestsTheClosestAndListsTheKnownOnes() {
    Message reply = mixedFleet().handle("/health bakend", USER);

    assertThat(reply.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(reply.fallbackText())
        .startsWith("Unknown service 'bakend'. Did you mean backend?")
        .contains("Known: ai-agents, backend, mcp-bridge, erp, supabase")
        .endsWith("Usage: /health [service] [--fresh]");
  }

  @Test
  void twoServicesAreAUsageError() {
    Message reply = mixedFleet().handle("/health backend erp", USER);

    assertThat(reply.fallbackText())
        .isEqualTo("give at most one service. Usage: /health [service] [--fresh]");
  }

  @Test
  void cachedResultsSayHowOldTheyAre() {
    Message reply = mixedFleet().handle("/health all", USER);

    assertThat(new dev.opsbot.chat.PlainTextRenderer().render(reply))
        .contains("probed 3 s ago; --fresh to probe now");
  }

  @Test
  void probeAgainButtonReprobesTheServiceAndIsAudited() {
    ProbeKey backend = ProbeKey.health("backend");
    List<AuditEntry> audit = new java.util.ArrayList<>();
    engine =
        new ProbeEngine(
            List.of(
                fixed(
                    backend,
                    Results.up(backend, 140, "163.0.16", EARLIER),
                    Results.status(backend, ProbeStatus.DOWN, 503, 20, "HTTP 503", NOW))),
            SETTINGS,
            CLOCK,
            ProbeListener.NONE);
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(new HealthCommand(engine, CLOCK)),
            dev.opsbot.access.AccessPolicy.allowAll(),
            AuditTrail.commands(audit::add),
            CLOCK);
    router.handle("/health backend", USER);

    Message clicked = router.handleClick(new ButtonClick("health.refresh", "backend", USER));
    Message stale = router.handleClick(new ButtonClick("alert.ack", "42", USER));

    assertThat(clicked.fallbackText()).isEqualTo("backend is DOWN: HTTP 503");
    assertThat(stale.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(stale.fallbackText()).contains("no longer does anything");
    assertThat(audit)
        .extracting(AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/health backend", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("click health.refresh", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("click alert.ack", Outcome.ERROR));
  }

  /** A probe that counts its runs and, once armed, holds each run until released. */
  private static final class CountingProbe implements Probe {
    private final ProbeKey key = ProbeKey.health("backend");
    private final java.util.concurrent.atomic.AtomicInteger runs =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch hold =
        new java.util.concurrent.CountDownLatch(0);

    @Override
    public ProbeKey key() {
      return key;
    }

    @Override
    public ProbeResult run() {
      int run = runs.incrementAndGet();
      try {
        hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Results.up(key, 10, "run " + run, Instant.now());
    }
  }

  @Test
  void aThousandViewersAskingForFreshAtOnceCauseOneRoundAndAPlainHealthStaysFast()
      throws Exception {
    CountingProbe probe = new CountingProbe();
    engine = new ProbeEngine(List.of(probe), SETTINGS, Clock.systemUTC(), ProbeListener.NONE);
    CommandRouter router =
        CommandRouter.withHelp(List.of(new HealthCommand(engine, Clock.systemUTC())));
    router.handle("/health", USER);
    probe.hold = new java.util.concurrent.CountDownLatch(1);

    List<Thread> viewers = new java.util.ArrayList<>();
    java.util.Queue<Message> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int i = 0; i < 1000; i++) {
      Caller viewer = new Caller("slack", "U" + i, "viewer" + i, "C1");
      viewers.add(
          Thread.ofVirtual().start(() -> answers.add(router.handle("/health --fresh", viewer))));
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (viewers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long start = System.nanoTime();
    Message plain = router.handle("/health", USER);
    long plainMillis = (System.nanoTime() - start) / 1_000_000;
    probe.hold.countDown();
    for (Thread viewer : viewers) {
      viewer.join();
    }

    // The fresh round is held for 10 s: an answer well before that did not queue behind it.
    assertThat(plainMillis).as("ms for a plain /health during the storm").isLessThan(5000);
    assertThat(plain.fallbackText()).isEqualTo("Fleet health: 1/1 up");
    assertThat(probe.runs.get())
        .as("probe runs: the first /health and one fresh round")
        .isEqualTo(2);
    assertThat(answers)
        .hasSize(1000)
        .allMatch(m -> new dev.opsbot.chat.PlainTextRenderer().render(m).contains("run 2"));
  }

  @Test
  void onePersonAskingForFreshAgainAndAgainGetsTheLatestResultsAndIsToldWhy() {
    CountingProbe probe = new CountingProbe();
    dev.opsbot.testing.FakeClock clock = new dev.opsbot.testing.FakeClock(NOW);
    engine = new ProbeEngine(List.of(probe), SETTINGS, clock, ProbeListener.NONE);
    CommandRouter router = CommandRouter.withHelp(List.of(new HealthCommand(engine, clock)));
    Caller other = new Caller("slack", "U2", "bo", "C1");
    var console = new dev.opsbot.chat.PlainTextRenderer();

    List<String> replies = new java.util.ArrayList<>();
    int allowed = FreshAllowance.PER_WINDOW;
    for (int i = 0; i < allowed + 2; i++) {
      replies.add(console.render(router.handle("/health backend --fresh", USER)));
      clock.advance(Duration.ofSeconds(1));
    }
    int runsAfterThose = probe.runs.get();
    String fromOther = console.render(router.handle("/health --fresh", other));
    clock.advance(Duration.ofSeconds(30));
    String later = console.render(router.handle("/health backend --fresh", USER));

    assertThat(runsAfterThose).isEqualTo(allowed);
    assertThat(replies.subList(0, allowed)).allMatch(r -> r.contains("probed just now"));
    assertThat(replies.get(allowed))
        .contains("Version:   run " + allowed)
        .contains(
            "--fresh probes at most "
                + allowed
                + " times in 30 s per person: these are the latest");
    assertThat(replies.get(allowed + 1)).contains("Version:   run " + allowed);
    assertThat(fromOther).contains("run " + (allowed + 1)).contains("probed just now");
    assertThat(later).contains("run " + (allowed + 2)).contains("probed just now");
  }

  @Test
  void oneServiceShowsItsMemoryAndCpuWhenThePlatformMeasuresThem() {
    ProbeKey backend = ProbeKey.health("backend");
    ProbeKey platform = ProbeKey.endpoint("backend", "platform");
    com.fasterxml.jackson.databind.node.JsonNodeFactory json =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    ProbeResult measured =
        new ProbeResult(
            platform,
            ProbeStatus.UP,
            null,
            Duration.ofMillis(40),
            null,
            null,
            "read from Render",
            Map.of(
                "memoryPercent", json.numberNode(85.9),
                "memoryMb", json.numberNode(440.0),
                "memoryLimitMb", json.numberNode(512.0),
                "cpu", json.numberNode(0.35)),
            EARLIER);
    CommandRouter router =
        routerWith(
            List.of(
                fixed(backend, Results.up(backend, 48, "163.0.16", EARLIER)),
                fixed(platform, measured)));

    Message reply = router.handle("/health backend", USER);

    assertThat(reply.blocks())
        .anySatisfy(b ->
            assertThat(b)
                .isInstanceOfSatisfying(
                    Block.Fields.class,
                    f ->
                        assertThat(f.fields())
                            .contains(
                                new Block.Field("Memory", "85.9% (440.0 of 512.0 MB)"),
                                new Block.Field("CPU", "0.35 cores"))));
  }
}
