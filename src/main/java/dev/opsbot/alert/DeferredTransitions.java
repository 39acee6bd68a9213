package dev.opsbot.alert;

import dev.opsbot.state.StateUnavailableException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies transitions in the order they happened, also while the state database is down: the first
 * one it cannot take, and every one after it, wait in memory (up to a bound) and are applied again,
 * in order, at each retry until the database is back. Touched only on the desk's thread.
 */
final class DeferredTransitions {
  private static final Logger log = LoggerFactory.getLogger(DeferredTransitions.class);
  static final int LIMIT = 10_000;

  private final StoreThenPost applier;
  private final Deque<Pending> deferred = new ArrayDeque<>();

  /** A transition not yet stored, with who caused it. */
  private record Pending(AlertEvent event, String displayName) {}

  DeferredTransitions(StoreThenPost applier) {
    this.applier = applier;
  }

  /** Applies {@code events} after any still waiting; {@code displayName} is who caused them. */
  void apply(List<AlertEvent> events, String displayName) {
    for (AlertEvent event : events) {
      applyOne(event, displayName);
    }
  }

  /**
   * Applies the transitions of one probe round, root causes first: the first on its own, then the
   * fires of the rest stored at once ({@link RoundBatch}) and each applied in turn as {@link
   * #apply} does, a level of the dependency graph at a time.
   */
  void applyRound(List<AlertEvent> events) {
    if (!deferred.isEmpty() || events.size() < 2) {
      apply(events, null);
      return;
    }
    List<AlertEvent> ordered = applier.round().rootsFirst(events);
    // The first (a root cause's, when there is one) alone and at once: its page does not wait for
    // the rest of the round's transaction.
    applyOne(ordered.getFirst(), null);
    List<AlertEvent> rest = ordered.subList(1, ordered.size());
    if (!deferred.isEmpty()) {
      apply(rest, null);
      return;
    }
    try {
      applier.round().begin(rest);
    } catch (StateUnavailableException e) {
      log.warn(
          "event=alert_round_batch_failed transitions={} reason=\"{}\" note=\"applied one by"
              + " one\"",
          rest.size(),
          e.getMessage());
    }
    try {
      for (List<AlertEvent> level : applier.round().levels(rest)) {
        if (deferred.isEmpty()) {
          try {
            applier.round().foldAhead(level);
          } catch (StateUnavailableException e) {
            log.warn("event=alert_fold_ahead_failed reason=\"{}\"", e.getMessage());
          }
        }
        apply(level, null);
      }
    } finally {
      applier.round().end();
    }
  }

  /**
   * Applies one event after any still waiting: what the store made of it when it was applied now,
   * empty when it waits for the database (or is not a person's move).
   */
  Optional<AlertMove> applyOne(AlertEvent event, String displayName) {
    if (!deferred.isEmpty()) {
      defer(new Pending(event, displayName));
      return Optional.empty();
    }
    try {
      return applier.apply(event, displayName);
    } catch (StateUnavailableException e) {
      log.warn(
          "event=alert_store_unavailable alert={} transition={} reason=\"{}\" note=\"kept in"
              + " memory and retried\"",
          event.key(),
          event.getClass().getSimpleName(),
          e.getMessage());
      defer(new Pending(event, displayName));
      return Optional.empty();
    }
  }

  /** Applies the waiting transitions in order, up to the first the database still cannot take. */
  void retry() {
    while (!deferred.isEmpty()) {
      Pending next = deferred.peekFirst();
      try {
        applier.apply(next.event(), next.displayName());
        deferred.removeFirst();
      } catch (StateUnavailableException e) {
        return;
      }
    }
  }

  private void defer(Pending pending) {
    if (deferred.size() >= LIMIT) {
      Pending dropped = deferred.removeFirst();
      log.error(
          "event=alert_transition_dropped alert={} transition={} note=\"the state database has been"
              + " down for {} transitions\"",
          dropped.event().key(),
          dropped.event().getClass().getSimpleName(),
          LIMIT);
    }
    deferred.addLast(pending);
  }
}
