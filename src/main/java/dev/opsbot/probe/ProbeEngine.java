package dev.opsbot.probe;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.opsbot.config.ProbeSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every probe of the fleet, on demand and in the background, concurrently on virtual threads
 * with a bound on how many are in flight. Keeps the latest result of each target for a short
 * freshness window, and a history for thresholds, alerts and the digest.
 */
public final class ProbeEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProbeEngine.class);

  private final Map<ProbeKey, Probe> probes = new LinkedHashMap<>();
  private final Map<ProbeKey, ProbeHistory> histories = new LinkedHashMap<>();
  private final ProbeSettings settings;
  private final ProbeListener listener;
  private final Semaphore inFlight;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AsyncCache<ProbeKey, ProbeResult> latest;
  private final Map<ProbeKey, CompletableFuture<ProbeResult>> freshRuns = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("probe-ticker").factory());
  private final AtomicBoolean roundRunning = new AtomicBoolean();
  private volatile Duration freshness;
  private volatile boolean closed;
  private final Clock clock;

  public ProbeEngine(
      Collection<? extends Probe> probes,
      ProbeSettings settings,
      Clock clock,
      ProbeListener listener) {
    for (Probe probe : probes) {
      if (this.probes.putIfAbsent(probe.key(), probe) != null) {
        throw new IllegalArgumentException("two probes for " + probe.key());
      }
      histories.put(
          probe.key(),
          new ProbeHistory(
              settings.historySize(), settings.failureThreshold(), settings.successThreshold()));
    }
    this.settings = settings;
    this.freshness = settings.freshness();
    this.clock = clock;
    this.listener = listener;
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.latest =
        Caffeine.newBuilder()
            .expireAfter(Expiry.writing((ProbeKey key, ProbeResult result) -> freshness))
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            // Maintenance on the calling thread: the workers pool is for probes, and shutting it
            // down must not leave the cache unable to finish its bookkeeping.
            .executor(Runnable::run)
            .buildAsync();
  }

  /** Probes every target each interval until closed; a round still running skips the next tick. */
  public void startBackground() {
    long millis = settings.interval().toMillis();
    // With background rounds keeping every result at most one interval (plus the round) old,
    // a result is fresh until the next round has had time to replace it: otherwise a freshness
    // shorter than the interval would make every request in the gap probe the whole fleet itself.
    Duration roundAndSlack = settings.interval().plus(settings.timeouts().overall());
    if (roundAndSlack.compareTo(freshness) > 0) {
      freshness = roundAndSlack;
    }
    ticker.scheduleAtFixedRate(this::backgroundRound, 0, millis, TimeUnit.MILLISECONDS);
    log.info(
        "event=probing_started targets={} interval={}ms results_fresh_for={}ms max_in_flight={}",
        probes.size(),
        millis,
        freshness.toMillis(),
        settings.maxInFlight());
  }

  private void backgroundRound() {
    if (!roundRunning.compareAndSet(false, true)) {
      log.warn("event=probe_round_skipped reason=\"previous round still running\"");
      return;
    }
    try {
      probe(probes.keySet(), true);
    } catch (RuntimeException e) {
      if (!closed) {
        log.error("event=probe_round_failed error=\"{}\"", e.toString());
      }
    } finally {
      roundRunning.set(false);
    }
  }

  public List<ProbeKey> keys(ProbeKind kind) {
    return probes.keySet().stream().filter(k -> k.kind() == kind).toList();
  }

  public boolean has(ProbeKey key) {
    return probes.containsKey(key);
  }

  /** One target's result, from the cache unless {@code fresh} or stale. */
  public ProbeResult probe(ProbeKey key, boolean fresh) {
    return probe(List.of(key), fresh).get(key);
  }

  /**
   * Results for many targets, probed concurrently: the whole takes about as long as the slowest
   * probe. The map keeps the order of {@code keys}.
   */
  public Map<ProbeKey, ProbeResult> probe(Collection<ProbeKey> keys, boolean fresh) {
    Map<ProbeKey, CompletableFuture<ProbeResult>> pending = new LinkedHashMap<>();
    for (ProbeKey key : keys) {
      Probe probe = probes.get(key);
      if (probe == null) {
        throw new NoSuchElementException("no probe for " + key);
      }
      if (fresh) {
        pending.put(key, freshRun(key, probe));
      } else {
        pending.put(
            key,
            latest.get(
                key,
                (k, executor) -> {
                  // Nothing cached: a fresh run already under way is as good as a new one.
                  CompletableFuture<ProbeResult> running = freshRuns.get(k);
                  return running != null ? running : supplyBounded(probe);
                }));
      }
    }
    Map<ProbeKey, ProbeResult> results = new LinkedHashMap<>();
    pending.forEach((key, future) -> results.put(key, future.join()));
    return results;
  }

  /**
   * The fresh run of this target under way, or a new one: however many ask at once, one probe runs
   * and all get its result. The cached result is replaced only when the new one is in, so requests
   * that accept a cached result never wait behind a fresh run.
   */
  private CompletableFuture<ProbeResult> freshRun(ProbeKey key, Probe probe) {
    CompletableFuture<ProbeResult> run = new CompletableFuture<>();
    CompletableFuture<ProbeResult> running = freshRuns.putIfAbsent(key, run);
    if (running != null) {
      return running;
    }
    try {
      workers.execute(() -> {
        // Out of the shared runs before anyone hears the result: whoever asks after that, having
        // heard it, gets a run of its own.
        try {
          ProbeResult result = runBounded(probe);
          latest.put(key, CompletableFuture.completedFuture(result));
          freshRuns.remove(key, run);
          run.complete(result);
        } catch (RuntimeException e) {
          freshRuns.remove(key, run);
          run.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      freshRuns.remove(key, run);
      run.completeExceptionally(e);
    }
    return run;
  }

  private CompletableFuture<ProbeResult> supplyBounded(Probe probe) {
    return CompletableFuture.supplyAsync(() -> runBounded(probe), workers);
  }

  private ProbeResult runBounded(Probe probe) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // Only a shutdown interrupts a waiting probe: an answer, not an exception to shout about.
      return new ProbeResult(
          probe.key(),
          ProbeStatus.DOWN,
          null,
          Duration.ZERO,
          null,
          null,
          "not probed: opsbot is shutting down",
          null,
          clock.instant());
    }
    ProbeResult result;
    try {
      result = probe.run();
    } finally {
      inFlight.release();
    }
    if (closed) {
      // A probe cut short by the shutdown says nothing about the service: not news for alerts.
      return result;
    }
    ProbeStatus previous = histories.get(probe.key()).record(result);
    listener.onResult(result);
    // One line per change of status, not per probe: a fleet probed every 30 s stays readable.
    if (result.status() != previous && (previous != null || result.status() != ProbeStatus.UP)) {
      log.info(
          "event=probe_status_changed target={} from={} to={} http={} latency_ms={} reason=\"{}\"",
          result.key(),
          previous,
          result.status(),
          result.httpCode(),
          result.latency() == null ? null : result.latency().toMillis(),
          result.reason());
    }
    return result;
  }

  public ProbeHistory history(ProbeKey key) {
    ProbeHistory history = histories.get(key);
    if (history == null) {
      throw new NoSuchElementException("no probe for " + key);
    }
    return history;
  }

  public Duration interval() {
    return settings.interval();
  }

  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    workers.shutdownNow();
    try {
      // Those who listen (alerts, history) stop after the engine: let cut-short probes end first.
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
