package dev.opsbot.probe;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.config.ProbeSettings;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeEngineTest {
  private static final Duration FRESHNESS = Duration.ofSeconds(15);
  // Long enough never to fire on a healthy run; it only turns a broken test into a failure.
  private static final long WAIT_SECONDS = 5;

  private final FakeClock clock = new FakeClock();
  private final Queue<ProbeResult> heard = new ConcurrentLinkedQueue<>();
  private ProbeEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void probesCutShortByTheShutdownAreNotHandedToTheListeners() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    FakeProbe hanging =
        new FakeProbe(
            "backend",
            () -> {
              started.countDown();
              Thread.sleep(SECONDS.toMillis(60));
            });
    engine = engine(1024, List.of(hanging));
    Thread asking = Thread.ofVirtual().start(() -> engine.probe(List.of(hanging.key()), true));
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();

    engine.close();
    asking.join(SECONDS.toMillis(WAIT_SECONDS));

    // Interrupted, the probe reads as DOWN: that is the shutdown, not news about the backend.
    assertThat(heard).isEmpty();
  }

  @Test
  void allTargetsAreProbedAtTheSameTime() {
    // Each probe waits at the barrier for all the others: it only opens if all run at once.
    CyclicBarrier allStarted = new CyclicBarrier(20);
    List<FakeProbe> probes =
        IntStream.range(0, 20)
            .mapToObj(
                i -> new FakeProbe("service-" + i, () -> allStarted.await(WAIT_SECONDS, SECONDS)))
            .toList();
    engine = engine(1024, probes);

    Map<ProbeKey, ProbeResult> results = engine.probe(keysOf(probes), false);

    assertThat(results.values()).hasSize(20).allMatch(ProbeResult::isUp);
  }

  @Test
  void resultsFollowTheOrderOfTheKeysAskedFor() {
    FakeProbe a = new FakeProbe("a");
    FakeProbe b = new FakeProbe("b");
    FakeProbe c = new FakeProbe("c");
    engine = engine(1024, List.of(a, b, c));

    Map<ProbeKey, ProbeResult> results = engine.probe(List.of(c.key(), a.key(), b.key()), false);

    assertThat(results.keySet()).containsExactly(c.key(), a.key(), b.key());
  }

  @Test
  void noMoreThanMaxInFlightProbesRunAtOnce() {
    // Probes pass the barrier three at a time: with a bound of 3 all finish and exactly 3 run
    // together; with no bound all 12 would be counted in flight before the first group left.
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    CyclicBarrier threeAtATime = new CyclicBarrier(3);
    List<FakeProbe> probes =
        IntStream.range(0, 12)
            .mapToObj(i ->
                new FakeProbe(
                    "service-" + i,
                    () -> {
                      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                      try {
                        threeAtATime.await(WAIT_SECONDS, SECONDS);
                      } finally {
                        inFlight.decrementAndGet();
                      }
                    }))
            .toList();
    engine = engine(3, probes);

    Map<ProbeKey, ProbeResult> results = engine.probe(keysOf(probes), true);

    assertThat(results.values()).allMatch(ProbeResult::isUp);
    assertThat(mostInFlight).hasValue(3);
  }

  @Test
  void resultIsReusedWhileFreshAndProbedAgainOnceStale() {
    FakeProbe probe = new FakeProbe("api");
    engine = engine(1024, List.of(probe));

    ProbeResult first = engine.probe(probe.key(), false);
    clock.advance(FRESHNESS.minusSeconds(1));
    ProbeResult reused = engine.probe(probe.key(), false);

    assertThat(reused).isSameAs(first);
    assertThat(probe.runs()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    ProbeResult renewed = engine.probe(probe.key(), false);

    assertThat(probe.runs()).isEqualTo(2);
    assertThat(renewed.reason()).isEqualTo("run 2");
  }

  @Test
  void withBackgroundRoundsAResultStaysFreshUntilTheNextRoundCouldReplaceIt() throws Exception {
    FakeProbe probe = new FakeProbe("api");
    engine = engine(1024, List.of(probe));
    engine.startBackground();
    awaitUntil(() -> probe.runs() == 1);

    // 30 s interval + 15 s overall timeout: between rounds, requests reuse the round's result
    // instead of probing the whole fleet themselves.
    clock.advance(Duration.ofSeconds(40));
    ProbeResult reused = engine.probe(probe.key(), false);

    assertThat(probe.runs()).isEqualTo(1);
    assertThat(reused.reason()).isEqualTo("run 1");
  }

  @Test
  void freshProbeIgnoresTheCacheAndRenewsIt() {
    FakeProbe probe = new FakeProbe("api");
    engine = engine(1024, List.of(probe));
    engine.probe(probe.key(), false);

    ProbeResult fresh = engine.probe(probe.key(), true);
    ProbeResult afterwards = engine.probe(probe.key(), false);

    assertThat(probe.runs()).isEqualTo(2);
    assertThat(fresh.reason()).isEqualTo("run 2");
    assertThat(afterwards).isSameAs(fresh);
  }

  @Test
  void concurrentRequestsForOneTargetShareOneRun() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeProbe probe =
        new FakeProbe(
            "api",
            () -> {
              started.countDown();
              release.await(WAIT_SECONDS, SECONDS);
            });
    engine = engine(1024, List.of(probe));

    Queue<ProbeResult> results = new ConcurrentLinkedQueue<>();
    CyclicBarrier together = new CyclicBarrier(10);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      callers.add(
          Thread.ofPlatform()
              .start(() -> {
                awaitQuietly(together);
                results.add(engine.probe(probe.key(), false));
              }));
    }
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitUntil(() -> callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    release.countDown();
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(probe.runs()).isEqualTo(1);
    assertThat(results).hasSize(10).containsOnly(results.peek());
  }

  @Test
  void concurrentFreshRequestsShareOneRunInsteadOfStartingTheirOwn() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeProbe probe =
        new FakeProbe(
            "api",
            () -> {
              started.countDown();
              release.await(WAIT_SECONDS, SECONDS);
            });
    engine = engine(1024, List.of(probe));

    Queue<ProbeResult> results = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      callers.add(Thread.ofVirtual().start(() -> results.add(engine.probe(probe.key(), true))));
    }
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitUntil(() -> callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    release.countDown();
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(probe.runs()).isEqualTo(1);
    assertThat(results).hasSize(200).allMatch(r -> r.reason().equals("run 1"));
    // Once that run is over, the next fresh request probes again.
    assertThat(engine.probe(probe.key(), true).reason()).isEqualTo("run 2");
  }

  @Test
  void aCachedAnswerDoesNotWaitForAFreshRunUnderWay() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    FakeProbe probe =
        new FakeProbe(
            "api",
            () -> {
              if (runs.incrementAndGet() > 1) {
                release.await(WAIT_SECONDS, SECONDS);
              }
            });
    engine = engine(1024, List.of(probe));
    ProbeResult cached = engine.probe(probe.key(), false);
    Thread fresh = Thread.ofVirtual().start(() -> engine.probe(probe.key(), true));
    awaitUntil(() -> probe.runs() == 2);

    long start = System.nanoTime();
    ProbeResult meanwhile = engine.probe(probe.key(), false);
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    release.countDown();
    fresh.join();

    // The fresh run is held for WAIT_SECONDS: an answer well before that did not wait for it.
    assertThat(waitedMillis)
        .as("ms a cached request waited for the fresh run")
        .isLessThan(WAIT_SECONDS * 1000 / 2);
    assertThat(meanwhile).isSameAs(cached);
    assertThat(engine.probe(probe.key(), false).reason()).isEqualTo("run 2");
  }

  @Test
  void everyResultGoesToTheHistoryAndTheListener() {
    FakeProbe probe = new FakeProbe("api", ProbeStatus.DOWN);
    engine = engine(1024, List.of(probe));

    ProbeResult first = engine.probe(probe.key(), true);
    ProbeResult second = engine.probe(probe.key(), true);
    assertThat(engine.history(probe.key()).confirmedStatus()).isEmpty();
    ProbeResult third = engine.probe(probe.key(), true);

    ProbeHistory history = engine.history(probe.key());
    assertThat(history.recent(10)).containsExactly(third, second, first);
    assertThat(history.confirmedStatus()).contains(ProbeStatus.DOWN);
    assertThat(heard).containsExactly(first, second, third);
  }

  @Test
  void twoProbesForOneTargetAreRefused() {
    List<FakeProbe> probes = List.of(new FakeProbe("api"), new FakeProbe("api"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> engine(1024, probes))
        .withMessage("two probes for api/health");
  }

  @Test
  void unknownTargetIsRefused() {
    engine = engine(1024, List.of(new FakeProbe("api")));

    assertThatThrownBy(() -> engine.probe(ProbeKey.health("nope"), false))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no probe for nope/health");
    assertThatThrownBy(() -> engine.history(ProbeKey.health("nope")))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void keysAreListedByKind() {
    FakeProbe health = new FakeProbe("api");
    Probe database = new FakeProbe(ProbeKey.database("supabase"), ProbeStatus.UP, () -> {});
    engine = engine(1024, List.of(health, database));

    assertThat(engine.keys(ProbeKind.SERVICE_HEALTH)).containsExactly(health.key());
    assertThat(engine.keys(ProbeKind.DATABASE)).containsExactly(database.key());
    assertThat(engine.has(ProbeKey.endpoint("api", "usage"))).isFalse();
  }

  private ProbeEngine engine(int maxInFlight, List<? extends Probe> probes) {
    ProbeSettings settings =
        new ProbeSettings(
            Duration.ofSeconds(30), FRESHNESS, maxInFlight, 3, 1, 256, 10, null, null);
    return new ProbeEngine(probes, settings, clock, heard::add);
  }

  private static List<ProbeKey> keysOf(List<FakeProbe> probes) {
    return probes.stream().map(FakeProbe::key).toList();
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(WAIT_SECONDS, SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** What a fake probe does while it runs; throwing makes the result DOWN. */
  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /** A probe that does the given work and reports which run of it this was. */
  private final class FakeProbe implements Probe {
    private final ProbeKey key;
    private final ProbeStatus status;
    private final Work work;
    private final AtomicInteger runs = new AtomicInteger();

    FakeProbe(String service) {
      this(service, () -> {});
    }

    FakeProbe(String service, ProbeStatus status) {
      this(ProbeKey.health(service), status, () -> {});
    }

    FakeProbe(String service, Work work) {
      this(ProbeKey.health(service), ProbeStatus.UP, work);
    }

    FakeProbe(ProbeKey key, ProbeStatus status, Work work) {
      this.key = key;
      this.status = status;
      this.work = work;
    }

    @Override
    public ProbeKey key() {
      return key;
    }

    @Override
    public ProbeResult run() {
      int run = runs.incrementAndGet();
      try {
        work.run();
        return result(status, "run " + run);
      } catch (Exception e) {
        return result(ProbeStatus.DOWN, e.toString());
      }
    }

    int runs() {
      return runs.get();
    }

    private ProbeResult result(ProbeStatus status, String reason) {
      return new ProbeResult(
          key, status, null, Duration.ofMillis(5), null, null, reason, null, clock.instant());
    }
  }
}
