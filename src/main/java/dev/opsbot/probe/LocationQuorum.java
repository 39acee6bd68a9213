package dev.opsbot.probe;

import dev.opsbot.config.ProbeSettings;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between the probe engine and the alerts: stores each local result as this location's latest
 * verdict, reads what the other locations saw of the same target lately, and hands on the quorum's
 * up-or-down verdict (see {@link QuorumVerdict}). Alone, a replica's results pass through
 * untouched.
 *
 * <p>Results that arrive while a write is under way are written together by the next one (a group
 * commit), so a round over a large fleet costs a few statements, not one per target. When the state
 * database cannot be reached, local verdicts go on unchanged and the database is tried again in the
 * background once an interval, never on the probing thread.
 */
public final class LocationQuorum implements ProbeListener, LocationView {
  private static final Logger log = LoggerFactory.getLogger(LocationQuorum.class);

  private final ProbeLocationStore store;
  private final String location;
  private final int quorum;
  private final Duration freshFor;
  private final Duration retryEvery;
  private final Clock clock;
  private final ProbeListener next;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();
  private final AtomicBoolean retrying = new AtomicBoolean();
  private volatile boolean unavailable;
  private volatile Instant othersSeenAt = Instant.MIN;
  private Instant retryAt = Instant.MIN;

  public LocationQuorum(
      ProbeLocationStore store, ProbeSettings settings, Clock clock, ProbeListener next) {
    this.store = store;
    this.location = settings.location();
    this.quorum = settings.quorum();
    this.freshFor = settings.locationFreshFor();
    this.retryEvery = settings.interval();
    this.clock = clock;
    this.next = next;
  }

  public String location() {
    return location;
  }

  @Override
  public void onResult(ProbeResult result) {
    next.onResult(verdict(result, othersOf(result)).applyTo(result));
  }

  @Override
  public Map<ProbeKey, QuorumVerdict> verdicts(Collection<ProbeResult> local) {
    // Alone lately (as the listener found), /health need not ask the database at all.
    if (unavailable || othersSeenAt.isBefore(since())) {
      return Map.of();
    }
    Map<ProbeKey, List<LocationSighting>> others;
    try {
      others = byKey(store.othersSince(location, since()));
    } catch (StateUnavailableException e) {
      log.debug("event=location_view_unavailable reason=\"{}\"", e.getMessage());
      return Map.of();
    }
    if (local.stream().noneMatch(r -> others.containsKey(r.key()))) {
      return Map.of();
    }
    Map<ProbeKey, QuorumVerdict> verdicts = new LinkedHashMap<>();
    local.forEach(r -> verdicts.put(r.key(), verdict(r, others.getOrDefault(r.key(), List.of()))));
    return verdicts;
  }

  private QuorumVerdict verdict(ProbeResult local, List<LocationSighting> others) {
    List<LocationSighting> all = new ArrayList<>();
    all.add(LocationSighting.of(location, local));
    others.stream().sorted(Comparator.comparing(LocationSighting::location)).forEach(all::add);
    return new QuorumVerdict(local.key(), all, quorum);
  }

  /** A local result waiting to be written; {@code others} is set, under the lock, once it is. */
  private static final class Pending {
    final ProbeResult result;
    List<LocationSighting> others;

    Pending(ProbeResult result) {
      this.result = result;
    }
  }

  private List<LocationSighting> othersOf(ProbeResult result) {
    Pending mine = new Pending(result);
    queue.add(mine);
    writing.lock();
    try {
      if (mine.others == null) {
        // Whoever holds the lock writes everything queued so far, its own result included.
        flush();
      }
      return mine.others;
    } finally {
      writing.unlock();
    }
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>();
    for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
      batch.add(pending);
    }
    Collection<ProbeResult> latest = latestPerKey(batch);
    Map<ProbeKey, List<LocationSighting>> others = Map.of();
    if (unavailable) {
      retryInBackground(latest);
    } else {
      try {
        others = byKey(store.record(location, latest, since()));
      } catch (StateUnavailableException e) {
        unavailable = true;
        retryAt = clock.instant().plus(retryEvery);
        log.warn(
            "event=location_quorum_local_only location={} reason=\"{}\" note=\"alerts follow"
                + " this location's results alone until the state database answers again\"",
            location,
            e.getMessage());
      }
    }
    if (!others.isEmpty()) {
      othersSeenAt = clock.instant();
    }
    for (Pending pending : batch) {
      pending.others = others.getOrDefault(pending.result.key(), List.of());
    }
  }

  private void retryInBackground(Collection<ProbeResult> latest) {
    Instant now = clock.instant();
    if (now.isBefore(retryAt) || !retrying.compareAndSet(false, true)) {
      return;
    }
    retryAt = now.plus(retryEvery);
    Instant since = since();
    Thread.ofVirtual()
        .name("location-quorum-retry")
        .start(() -> {
          try {
            store.record(location, latest, since);
            unavailable = false;
            log.info("event=location_quorum_back location={}", location);
          } catch (StateUnavailableException e) {
            log.debug("event=location_quorum_still_local reason=\"{}\"", e.getMessage());
          } finally {
            retrying.set(false);
          }
        });
  }

  /** A target probed twice in one batch is written once, with its newer result. */
  private static Collection<ProbeResult> latestPerKey(List<Pending> batch) {
    Map<ProbeKey, ProbeResult> latest = new LinkedHashMap<>();
    for (Pending pending : batch) {
      latest.merge(pending.result.key(), pending.result, (a, b) -> b.at().isBefore(a.at()) ? a : b);
    }
    return latest.values();
  }

  private static Map<ProbeKey, List<LocationSighting>> byKey(List<LocationSighting> sightings) {
    if (sightings.isEmpty()) {
      return Map.of();
    }
    return sightings.stream()
        .collect(Collectors.groupingBy(LocationSighting::key, HashMap::new, Collectors.toList()));
  }

  private Instant since() {
    return clock.instant().minus(freshFor);
  }
}
