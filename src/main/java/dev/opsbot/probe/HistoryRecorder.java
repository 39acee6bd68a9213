package dev.opsbot.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every probe result to the history store without slowing the probing thread: results wait in
 * a bounded queue that one background thread writes in batches, and every few minutes it rolls up
 * the recent hours and prunes. While the database is away the queue holds what it can; when it is
 * full the newest result is dropped and counted (the digest then shows a gap, not a lie).
 */
public final class HistoryRecorder implements ProbeListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
  private static final int BATCH = 2_000;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final ProbeHistorySink sink;
  private final Clock clock;
  private final Duration maintainEvery;
  private final BlockingQueue<ProbeResult> pending;
  private final AtomicLong dropped = new AtomicLong();
  private Thread writer;
  private volatile boolean closed;
  private Instant lastMaintained = Instant.MIN;

  public HistoryRecorder(ProbeHistorySink sink, Clock clock, int capacity, Duration maintainEvery) {
    this.sink = sink;
    this.clock = clock;
    this.maintainEvery = maintainEvery;
    this.pending = new ArrayBlockingQueue<>(capacity);
  }

  public HistoryRecorder start() {
    writer = Thread.ofVirtual().name("history-writer").start(this::writeLoop);
    return this;
  }

  @Override
  public void onResult(ProbeResult result) {
    if (!pending.offer(result)) {
      long total = dropped.incrementAndGet();
      if (total == 1 || total % 1000 == 0) {
        log.warn(
            "event=history_overflow dropped_total={} reason=\"queue of {} full: state database"
                + " slow or unreachable\"",
            total,
            pending.size());
      }
    }
  }

  public long droppedCount() {
    return dropped.get();
  }

  /**
   * Writes past results straight to the store and rolls up their hours (the demo's week of
   * history); live results keep going through the queue.
   */
  public void backfill(List<ProbeResult> results) {
    for (int from = 0; from < results.size(); from += BATCH) {
      sink.write(results.subList(from, Math.min(results.size(), from + BATCH)));
    }
    results.stream()
        .map(ProbeResult::at)
        .min(Instant::compareTo)
        .ifPresent(first -> sink.rollUp(first, clock.instant()));
  }

  private void writeLoop() {
    List<ProbeResult> batch = new ArrayList<>();
    Duration backoff = Duration.ofMillis(500);
    while (!closed || !pending.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          ProbeResult first = pending.poll(1, TimeUnit.SECONDS);
          if (first != null) {
            batch.add(first);
            pending.drainTo(batch, BATCH - 1);
          }
        }
        if (!batch.isEmpty()) {
          sink.write(batch);
          batch.clear();
        }
        maintainWhenDue();
        backoff = Duration.ofMillis(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (closed) {
          log.warn(
              "event=history_unwritten rows={} reason=\"{}\"",
              batch.size() + pending.size(),
              e.getMessage());
          return;
        }
        log.warn(
            "event=history_waiting rows={} retry_in_ms={} reason=\"{}\"",
            batch.size() + pending.size(),
            backoff.toMillis(),
            e.getMessage());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  private void maintainWhenDue() {
    Instant now = clock.instant();
    if (lastMaintained.plus(maintainEvery).isAfter(now)) {
      return;
    }
    sink.maintain(now);
    lastMaintained = now;
  }

  @Override
  public void close() {
    closed = true;
    if (writer != null) {
      try {
        writer.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
