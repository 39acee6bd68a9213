package dev.opsbot.intake;

import dev.opsbot.state.StateUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices the end of an alert that opsbot silenced at its source. Alertmanager sends no resolved
 * notification for an alert that ends while silenced, and opsbot silences a group there when a
 * person acknowledges or snoozes it: without asking, the opsbot alert would stay open for good. So
 * every {@code every} the watch asks the source about each group opsbot silenced; one that no
 * longer fires is resolved as its resolved notification would resolve it, and its silence is
 * expired, or it would mute the group's next outage. Every replica may ask; resolving twice is a
 * duplicate the processor ignores, and each expiry is claimed once.
 */
final class SourceWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SourceWatch.class);

  private final SourceSilencer silencer;
  private final SilenceClaimStore claims;
  private final IntakeProcessor processor;
  private final Set<String> sources;
  private final Clock clock;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("source-watch").factory());

  SourceWatch(
      SourceSilencer silencer,
      SilenceClaimStore claims,
      IntakeProcessor processor,
      Set<String> sources,
      Clock clock) {
    this.silencer = silencer;
    this.claims = claims;
    this.processor = processor;
    this.sources = Set.copyOf(sources);
    this.clock = clock;
  }

  SourceWatch start(Duration every) {
    ticker.scheduleWithFixedDelay(
        this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void checkQuietly() {
    try {
      check();
    } catch (Throwable e) { // one bad round must not cancel every later one
      log.warn("event=source_watch_failed error=\"{}\"", e.toString());
    }
  }

  /** One round: the silenced groups that ended are resolved, and their silences expired. */
  void check() {
    List<SilenceClaimStore.Watched> watched;
    try {
      watched = claims.watched(sources);
    } catch (StateUnavailableException e) {
      log.warn("event=source_watch_skipped reason=\"{}\"", e.getMessage());
      return;
    }
    for (SilenceClaimStore.Watched group : watched) {
      boolean firing;
      try {
        firing = silencer.stillFiring(group.labels());
      } catch (IOException | RuntimeException e) {
        log.warn(
            "event=source_watch_unanswered source={} alert={} error=\"{}\"",
            group.source(),
            group.alertId(),
            e.getMessage());
        continue;
      }
      log.debug(
          "event=source_watch_asked source={} alert={} firing={}",
          group.source(),
          group.alertId(),
          firing);
      if (!firing) {
        ended(group);
      }
    }
  }

  private void ended(SilenceClaimStore.Watched group) {
    IntakeAlert resolved =
        new IntakeAlert(
            group.source(),
            group.dedupKey(),
            false,
            group.ruleId(),
            group.service(),
            group.summary(),
            "resolved",
            group.labels(),
            List.of(),
            "ended while silenced");
    IntakeProcessor.Result result = processor.take(resolved);
    log.info(
        "event=source_group_ended_while_silenced source={} alert={} result={}",
        group.source(),
        group.alertId(),
        result);
    if (result == IntakeProcessor.Result.NOT_STORED) {
      // The desk or the database did not take it: keep the silence, so the next round asks again
      // (expiring it now would stop the watch and leave the alert open for good).
      return;
    }
    for (SilenceClaimStore.ToExpire silence :
        claims.claimExpiries(group.alertId(), clock.instant())) {
      try {
        silencer.expire(silence.silenceId());
      } catch (IOException | RuntimeException e) {
        log.warn(
            "event=source_silence_expire_failed alert={} silence={} error=\"{}\"",
            group.alertId(),
            silence.silenceId(),
            e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
