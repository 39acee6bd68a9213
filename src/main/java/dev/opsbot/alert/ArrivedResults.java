package dev.opsbot.alert;

import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probe results waiting for the desk's thread, taken together: the results of a probe round that
 * arrive while the desk is busy become one batch of transitions ({@link
 * DeferredTransitions#applyRound}). A second result for the same probe starts a new batch, so each
 * result is evaluated against the alerts as the one before it left them.
 */
final class ArrivedResults {
  private final ArrayBlockingQueue<ProbeResult> arrived;
  private final AtomicBoolean takeScheduled = new AtomicBoolean();

  ArrivedResults(int capacity) {
    this.arrived = new ArrayBlockingQueue<>(capacity);
  }

  /** Any thread: false when full (the result is dropped). */
  boolean offer(ProbeResult result) {
    return arrived.offer(result);
  }

  /** Any thread: whether a take is to be scheduled now (none is waiting to run). */
  boolean scheduleTake() {
    return takeScheduled.compareAndSet(false, true);
  }

  /** The scheduled take could not be scheduled after all. */
  void takeNotScheduled() {
    takeScheduled.set(false);
  }

  /**
   * On the desk's thread: evaluates every result that has arrived and applies the transitions.
   *
   * @return whether any alert fired
   */
  boolean take(RuleEvaluator evaluator, DeferredTransitions transitions) {
    takeScheduled.set(false);
    List<ProbeResult> results = new ArrayList<>();
    arrived.drainTo(results);
    List<AlertEvent> events = new ArrayList<>();
    Set<ProbeKey> seen = new HashSet<>();
    boolean fired = false;
    for (ProbeResult result : results) {
      if (!seen.add(result.key())) {
        fired |= apply(events, transitions);
        events.clear();
        seen.clear();
        seen.add(result.key());
      }
      events.addAll(evaluator.evaluate(result));
    }
    return apply(events, transitions) | fired;
  }

  private static boolean apply(List<AlertEvent> events, DeferredTransitions transitions) {
    if (events.isEmpty()) {
      return false;
    }
    transitions.applyRound(List.copyOf(events));
    return events.stream().anyMatch(AlertEvent.Fired.class::isInstance);
  }
}
