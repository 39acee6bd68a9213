package dev.opsbot.probe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The recent results of one target, and its confirmed status: a target is confirmed DOWN only after
 * {@code failureThreshold} failures in a row and back up after {@code successThreshold} successes,
 * so one slow Render cold start does not read as an outage.
 */
public final class ProbeHistory {
  private final int capacity;
  private final int failureThreshold;
  private final int successThreshold;
  private final Deque<ProbeResult> results = new ArrayDeque<>();
  private ProbeResult lastAnswered;
  private int failures;
  private int successes;
  private ProbeStatus confirmed;

  public ProbeHistory(int capacity, int failureThreshold, int successThreshold) {
    this.capacity = capacity;
    this.failureThreshold = failureThreshold;
    this.successThreshold = successThreshold;
  }

  /** Adds a result; returns the status of the one before it, or null for the first. */
  public synchronized ProbeStatus record(ProbeResult result) {
    ProbeStatus previous = results.isEmpty() ? null : results.getLast().status();
    if (results.size() == capacity) {
      results.removeFirst();
    }
    results.addLast(result);
    if (result.status() == ProbeStatus.DOWN) {
      failures++;
      successes = 0;
      if (failures >= failureThreshold) {
        confirmed = ProbeStatus.DOWN;
      }
    } else {
      lastAnswered = result;
      successes++;
      failures = 0;
      if (successes >= successThreshold) {
        confirmed = result.status();
      }
    }
    return previous;
  }

  /** The newest results first, at most {@code limit}. */
  public synchronized List<ProbeResult> recent(int limit) {
    List<ProbeResult> newestFirst = new ArrayList<>(limit);
    var iterator = results.descendingIterator();
    while (iterator.hasNext() && newestFirst.size() < limit) {
      newestFirst.add(iterator.next());
    }
    return newestFirst;
  }

  /** The last result in which the target answered (UP or DEGRADED): the last known state. */
  public synchronized Optional<ProbeResult> lastAnswered() {
    return Optional.ofNullable(lastAnswered);
  }

  /** The status that has held long enough to act on; empty until the thresholds are first met. */
  public synchronized Optional<ProbeStatus> confirmedStatus() {
    return Optional.ofNullable(confirmed);
  }

  /** Failures in a row so far (0 when the last result was not DOWN). */
  public synchronized int consecutiveFailures() {
    return failures;
  }

  public int failureThreshold() {
    return failureThreshold;
  }
}
