package dev.opsbot.delivery;

import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the outbox: one attempt per item per pass, then a capped exponential backoff
 * (or the platform's Retry-After) until it is sent, or until the platform says retrying cannot
 * help. A chat platform that is down delays messages and loses none; probing and evaluation never
 * wait for it, since they only enqueue.
 */
public final class OutboxWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
  private static final int BATCH = 50;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final Outbox outbox;
  private final ChatSender sender;
  private final Clock clock;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("outbox").daemon().factory());

  public OutboxWorker(Outbox outbox, ChatSender sender, Clock clock) {
    this.outbox = outbox;
    this.sender = sender;
    this.clock = clock;
  }

  /** Sends due items every {@code every} until closed. */
  public void start(Duration every) {
    ticker.scheduleWithFixedDelay(this::passQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends what is due now rather than at the next scheduled pass. */
  public void wake() {
    try {
      ticker.execute(this::passQuietly);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // Closing: what waits is sent by the next run.
    }
  }

  private void passQuietly() {
    try {
      pass();
    } catch (StateUnavailableException e) {
      log.warn("event=outbox_unavailable reason=\"{}\"", e.getMessage());
    } catch (RuntimeException e) {
      log.error("event=outbox_pass_failed error=\"{}\"", e.toString());
    }
  }

  /** One pass over what is due now; returns how many items were sent. */
  public int pass() {
    int sent = 0;
    while (true) {
      Instant now = clock.instant();
      List<OutboxItem> due = outbox.claimDue(now, BATCH, LEASE);
      if (due.isEmpty()) {
        return sent;
      }
      int sentNow = 0;
      for (OutboxItem item : due) {
        if (deliver(item)) {
          sentNow++;
        }
      }
      sent += sentNow;
      // What was just sent may free the next message of its thread: go on while that happens.
      if (sentNow == 0) {
        return sent;
      }
    }
  }

  private boolean deliver(OutboxItem item) {
    SendResult result;
    try {
      result = sender.send(item);
    } catch (RuntimeException e) {
      result =
          new SendResult.RetryLater(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Instant now = clock.instant();
    switch (result) {
      case SendResult.Sent sent -> {
        outbox.markSent(item.id(), sent.ref(), now);
        return true;
      }
      case SendResult.RetryLater later -> {
        Duration wait = later.after() != null ? later.after() : backoff(item.attempts() + 1);
        outbox.retryAt(item.id(), now.plus(wait), later.reason());
        log.info(
            "event=outbox_retry key={} channel={} attempt={} retry_in_ms={} reason=\"{}\"",
            item.key(),
            item.channel(),
            item.attempts() + 1,
            wait.toMillis(),
            later.reason());
        return false;
      }
      case SendResult.Failed failed -> {
        outbox.markFailed(item.id(), failed.reason());
        log.error(
            "event=outbox_gave_up key={} channel={} reason=\"{}\"",
            item.key(),
            item.channel(),
            failed.reason());
        return false;
      }
    }
  }

  /** 2 s, 4 s, 8 s ... capped at 5 min: a long outage is retried every five minutes. */
  static Duration backoff(int attempt) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
