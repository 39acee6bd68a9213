package dev.opsbot.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each channel's digest when it is due, exactly once per channel and local day across
 * restarts and replicas: the day is claimed in the state database before the digest is built. A
 * digest that fell due while no replica ran is posted late on the next start, once, and says so;
 * one more than a day late is left to the next day's. A schedule seen for the first time after its
 * hour waits for the next day rather than posting late.
 */
public final class DigestScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);

  /** Within this after its time a digest is on time (a tick, a slow start). */
  static final Duration GRACE = Duration.ofMinutes(10);

  static final Duration MAX_LATE = Duration.ofHours(24);

  /**
   * A replica that claimed a digest and died frees it after this. Short, because a build that
   * outlives it costs only work: the digest's outbox key is the channel and day, so a second
   * replica building it too still posts it once.
   */
  static final Duration LEASE = Duration.ofSeconds(15);

  private final List<DigestSchedule> schedules;
  private final DigestRuns runs;
  private final DigestPublisher publisher;
  private final Clock clock;
  private final String replica;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("digest").daemon().factory());

  public DigestScheduler(
      List<DigestSchedule> schedules,
      DigestRuns runs,
      DigestPublisher publisher,
      Clock clock,
      String replica) {
    this.schedules = List.copyOf(schedules);
    this.runs = runs;
    this.publisher = publisher;
    this.clock = clock;
    this.replica = replica;
  }

  public void start(Duration every) {
    ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    schedules.forEach(s ->
        log.info(
            "event=digest_scheduled channel={} time={} zone={} weekdays_only={} next={}",
            s.channel(),
            s.time(),
            s.zone(),
            s.weekdaysOnly(),
            s.nextAfter(clock.instant())));
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("event=digest_tick_failed reason=\"{}\"", e.getMessage());
    }
  }

  /** Posts what is due now; returns how many digests this replica handed to the outbox. */
  public int tick() {
    int posted = 0;
    Instant now = clock.instant();
    for (DigestSchedule schedule : schedules) {
      try {
        if (due(schedule, now)) {
          posted++;
        }
      } catch (RuntimeException e) {
        log.warn(
            "event=digest_failed channel={} reason=\"{}\" note=\"tried again at the next tick\"",
            schedule.channel(),
            e.getMessage());
      }
    }
    return posted;
  }

  private boolean due(DigestSchedule schedule, Instant now) {
    Optional<LocalDate> latest = schedule.latestDue(now);
    if (latest.isEmpty()) {
      return false;
    }
    LocalDate day = latest.get();
    Instant dueAt = schedule.dueOn(day);
    Duration lateBy = Duration.between(dueAt, now);
    if (lateBy.compareTo(MAX_LATE) > 0) {
      return false;
    }
    boolean late = lateBy.compareTo(GRACE) > 0;
    if (late && !runs.known(schedule.channel())) {
      runs.skip(schedule.channel(), day, dueAt, replica, now);
      log.info(
          "event=digest_first_start channel={} note=\"the {} digest was due before this schedule"
              + " first ran: the first one is posted at {}\"",
          schedule.channel(),
          day,
          schedule.nextAfter(now));
      return false;
    }
    if (!runs.claim(schedule.channel(), day, dueAt, late, replica, now, LEASE)) {
      return false;
    }
    Digest digest;
    try {
      digest = publisher.build(dueAt, schedule.zone(), late ? dueAt : null);
      publisher.publish(key(schedule.channel(), day), schedule.channel(), schedule.email(), digest);
    } catch (RuntimeException e) {
      // Otherwise the claim would hold off every retry, ours included, for the whole lease.
      runs.release(schedule.channel(), day);
      throw e;
    }
    runs.complete(schedule.channel(), day);
    log.info(
        "event=digest_posted channel={} day={} late={} verdict=\"{}\"",
        schedule.channel(),
        day,
        late,
        digest.summary().fallbackText());
    return true;
  }

  /** The outbox key of a channel's scheduled digest of one day. */
  public static String key(String channel, LocalDate day) {
    return "digest:" + channel + ":" + day;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
