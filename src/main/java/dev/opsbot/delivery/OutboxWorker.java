package dev.opsbot.delivery;

import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the outbox: one attempt per item per pass, then a capped exponential backoff
 * (or the platform's Retry-After) until it is sent, or until the platform says retrying cannot
 * help. A chat platform that is down delays messages and loses none; probing and evaluation never
 * wait for it, since they only enqueue.
 *
 * <p>What it claims it holds under a short lease; the lease of the item being sent is renewed while
 * the send lasts, so the items of a replica that died are sent by another one within about {@link
 * #LEASE}. The rest of a batch is not renewed: a send that hangs does not hold up the messages
 * claimed after it, which another replica takes once their lease runs out, and which this one then
 * skips (each item is taken again, under the lease, just before it is sent). On close it stops
 * claiming, hands back at once what it has not started, lets the send in flight finish for a few
 * seconds, then hands that back too if it has not finished.
 */
public final class OutboxWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
  private static final int BATCH = 50;
  static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration RENEW_EVERY = Duration.ofSeconds(3);
  private static final Duration FINISH_ON_CLOSE = Duration.ofSeconds(5);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final Outbox outbox;
  private final ChatSender sender;
  private final Clock clock;
  private final String replica;
  private final Set<Long> held = ConcurrentHashMap.newKeySet();
  private volatile Long inFlight;
  private volatile boolean closing;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("outbox").daemon().factory());
  private final ScheduledExecutorService renewer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("outbox-lease").daemon().factory());

  public OutboxWorker(Outbox outbox, ChatSender sender, Clock clock) {
    this(outbox, sender, clock, "replica-" + UUID.randomUUID());
  }

  /** {@code replica} names this worker in the outbox's {@code claimed_by}; unique per process. */
  public OutboxWorker(Outbox outbox, ChatSender sender, Clock clock, String replica) {
    this.outbox = outbox;
    this.sender = sender;
    this.clock = clock;
    this.replica = replica;
  }

  /** Sends due items every {@code every} until closed, renewing the leases of what it holds. */
  public void start(Duration every) {
    ticker.scheduleWithFixedDelay(this::passQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    renewer.scheduleWithFixedDelay(
        this::renewQuietly, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends what is due now rather than at the next scheduled pass. */
  public void wake() {
    try {
      ticker.execute(this::passQuietly);
    } catch (RejectedExecutionException closed) {
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

  private void renewQuietly() {
    try {
      renewLeases();
    } catch (RuntimeException e) {
      log.warn("event=outbox_lease_renewal_failed error=\"{}\"", e.toString());
    }
  }

  /** Extends the lease of the item being sent; the renewer does it every few seconds. */
  void renewLeases() {
    Long sending = inFlight;
    if (sending != null) {
      outbox.renewLeases(Set.of(sending), replica, clock.instant().plus(LEASE));
    }
  }

  /** One pass over what is due now; returns how many items were sent. */
  public int pass() {
    int sent = 0;
    while (!closing) {
      List<OutboxItem> due = outbox.claimDue(clock.instant(), BATCH, LEASE, replica);
      if (due.isEmpty()) {
        return sent;
      }
      due.forEach(item -> held.add(item.id()));
      int sentNow = 0;
      try {
        for (OutboxItem item : due) {
          if (closing) {
            break; // what is left is handed back by close()
          }
          if (deliver(item)) {
            sentNow++;
          }
          held.remove(item.id());
        }
      } finally {
        if (!closing) {
          // A pass cut short (the database went away) keeps no lease alive: the leases run out.
          due.forEach(item -> held.remove(item.id()));
        }
      }
      sent += sentNow;
      // What was just sent may free the next message of its thread: go on while that happens.
      if (sentNow == 0) {
        return sent;
      }
    }
    return sent;
  }

  private boolean deliver(OutboxItem item) {
    inFlight = item.id(); // before the attempt starts: close() must not hand it back meanwhile
    if (!outbox.attemptStarts(item.id(), replica, clock.instant().plus(LEASE))) {
      inFlight = null;
      log.info(
          "event=outbox_item_taken_over key={} note=\"its lease ran out while earlier items were"
              + " sent; another replica has it\"",
          item.key());
      return false;
    }
    SendResult result;
    try {
      result = sender.send(item);
    } catch (RuntimeException e) {
      // Nothing says how far the send got: the message may have arrived.
      result =
          SendResult.RetryLater.inDoubt(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      inFlight = null;
    }
    Instant now = clock.instant();
    switch (result) {
      case SendResult.Sent sent -> {
        outbox.markSent(item.id(), sent.ref(), now);
        return true;
      }
      case SendResult.RetryLater later -> {
        Duration wait = later.after() != null ? later.after() : backoff(item.attempts() + 1);
        outbox.retryAt(item.id(), now.plus(wait), later.reason(), later.mayHaveArrived());
        log.info(
            "event=outbox_retry key={} channel={} attempt={} retry_in_ms={} in_doubt={}"
                + " reason=\"{}\"",
            item.key(),
            item.channel(),
            item.attempts() + 1,
            wait.toMillis(),
            later.mayHaveArrived(),
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

  /** The first step of {@link #close()}: no more claims, and no next item of the batch. */
  void stopClaiming() {
    closing = true;
  }

  /**
   * Stops claiming, lets the send in flight finish for a few seconds, then hands back what this
   * worker still holds (due now, claimed by no one) so another replica sends it at once rather than
   * after the lease.
   */
  @Override
  public void close() {
    stopClaiming();
    handBack(notStarted());
    ticker.shutdown();
    try {
      if (!ticker.awaitTermination(FINISH_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "event=outbox_close_timeout note=\"a send was still in flight; its item is handed"
                + " back in doubt\"");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    renewer.shutdownNow();
    try {
      handBack(Set.copyOf(held));
    } finally {
      ticker.shutdownNow();
    }
  }

  /** What this worker holds but has not begun to send. */
  private Set<Long> notStarted() {
    Long sending = inFlight;
    Set<Long> waiting = new java.util.HashSet<>(held);
    if (sending != null) {
      waiting.remove(sending);
    }
    return waiting;
  }

  private void handBack(Set<Long> items) {
    if (items.isEmpty()) {
      return;
    }
    try {
      outbox.handBack(items, replica, clock.instant());
      log.info("event=outbox_handed_back items={}", items.size());
    } catch (RuntimeException e) {
      log.warn(
          "event=outbox_hand_back_failed error=\"{}\" note=\"the leases run out\"", e.toString());
    }
  }
}
