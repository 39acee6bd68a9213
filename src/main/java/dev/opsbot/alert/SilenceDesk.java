package dev.opsbot.alert;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, ends and lists silences and maintenance windows, and at each tick of the alert desk posts
 * the ends of those that ran out and hands back the alerts they held that are still firing.
 */
public final class SilenceDesk {
  private static final Logger log = LoggerFactory.getLogger(SilenceDesk.class);

  /** The longest silence: a longer one is a rule to change, not a silence. */
  public static final Duration LONGEST = Duration.ofDays(7);

  private static final Caller OPSBOT = new Caller("opsbot", "opsbot", "opsbot", "-");

  private final SilenceStore store;
  private final List<AlertRule> rules;
  private final List<String> channels;
  private final Clock clock;
  private final Runnable deliverSoon;
  private volatile AuditTrail trail = AuditTrail.NONE;
  private volatile List<MaintenanceSchedule> schedules = List.of();

  SilenceDesk(SilenceStore store, AlertRules rules, Clock clock, Runnable deliverSoon) {
    this.store = store;
    this.rules = rules.effectiveRules();
    this.channels = rules.channels();
    this.clock = clock;
    this.deliverSoon = deliverSoon;
  }

  /** Where starts and ends are audited; set by the wiring before commands arrive. */
  public void auditTo(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * The scheduled maintenance windows: each occurrence is started by the first replica whose tick
   * sees it begin, and ends like any other.
   */
  public void schedule(List<MaintenanceSchedule> schedules) {
    this.schedules = List.copyOf(schedules);
  }

  /** An instant as silence and maintenance messages show it: "2026-12-05 05:06 UTC". */
  public static String shown(java.time.Instant instant) {
    return SilenceWording.at(instant);
  }

  /** The scheduled windows, for {@code /maintenance}'s list and the status page. */
  public List<MaintenanceSchedule> schedules() {
    return schedules;
  }

  /** A silence started, and a warning when it matches none of the rules and services known. */
  public record Started(Silence silence, Optional<String> warning) {}

  /**
   * Starts a silence now for {@code duration}.
   *
   * @param services the services configured, to warn about a silence that matches none of them
   * @throws IllegalArgumentException for a duration out of bounds; nothing is stored then
   */
  Started start(
      Silence.Kind kind,
      SilenceMatchers matchers,
      Duration duration,
      String reason,
      Caller caller,
      Collection<String> services) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a " + kind.noun() + " needs a duration above zero");
    }
    if (duration.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "a " + kind.noun() + " lasts at most 7d: for longer, change the alert rules");
    }
    Instant now = clock.instant();
    Silence draft =
        new Silence(0, kind, matchers, now, now.plus(duration), name(caller), reason, null, null);
    Silence stored = store.insert(draft, s -> SilenceWording.started(s, channels), now);
    deliverSoon.run();
    Optional<String> warning = warning(matchers, services);
    audit(
        caller,
        kind == Silence.Kind.SILENCE ? AuditKind.SILENCE_START : AuditKind.MAINTENANCE_START,
        stored,
        "until=" + stored.endsAt() + warning.map(w -> " warning=matches-nothing").orElse(""));
    return new Started(stored, warning);
  }

  /** Ends one by hand; the answer names what happened. */
  SilenceStore.Ended end(Silence.Kind kind, long id, Caller caller) {
    SilenceStore.Ended ended =
        store.end(id, kind, name(caller), clock.instant(), s -> SilenceWording.ended(s, channels));
    if (ended instanceof SilenceStore.Ended.Now now) {
      deliverSoon.run();
      audit(caller, endKind(kind), now.silence(), "ended early");
    }
    return ended;
  }

  List<Silence> active(Silence.Kind kind) {
    return store.active(kind, clock.instant());
  }

  /** The maintenance windows active now, soonest end first: for the status page. */
  public List<Silence> activeMaintenance() {
    return active(Silence.Kind.MAINTENANCE);
  }

  /**
   * Posts the ends of silences that ran out, then releases the alerts no silence holds any more:
   * each one that this replica takes is handed to {@code post} to be posted as it fires, and so is
   * each one another replica released, which {@code post} shows without posting it again.
   */
  void tick(LongConsumer post) {
    Instant now = clock.instant();
    boolean started = startScheduled(now);
    List<Silence> runOut = store.takeRunOut(now, s -> SilenceWording.ended(s, channels));
    for (Silence silence : runOut) {
      audit(OPSBOT, endKind(silence.kind()), silence, "ran out");
    }
    boolean released = false;
    for (long id : store.releasable(now)) {
      if (store.release(id, now)) {
        log.info("event=alert_released_from_silence alert={}", id);
        post.accept(id);
        released = true;
      }
    }
    // Released by another replica: shown here too (its post is keyed, so enqueued once).
    store.releasedFiring().forEach(post::accept);
    if (started || !runOut.isEmpty() || released) {
      deliverSoon.run();
    }
  }

  private boolean startScheduled(Instant now) {
    boolean any = false;
    for (MaintenanceSchedule schedule : schedules) {
      Optional<MaintenanceSchedule.Occurrence> due = schedule.activeAt(now);
      if (due.isEmpty()) {
        continue;
      }
      MaintenanceSchedule.Occurrence occurrence = due.get();
      Silence draft =
          new Silence(
              0,
              Silence.Kind.MAINTENANCE,
              SilenceMatchers.services(schedule.services()),
              occurrence.start(),
              occurrence.end(),
              "schedule " + schedule.name(),
              schedule.reason() == null ? schedule.name() : schedule.reason(),
              null,
              null);
      Optional<Silence> stored =
          store.insert(draft, occurrence.key(), s -> SilenceWording.started(s, channels), now);
      if (stored.isPresent()) {
        audit(OPSBOT, AuditKind.MAINTENANCE_START, stored.get(), "scheduled " + occurrence.key());
        any = true;
      }
    }
    return any;
  }

  private Optional<String> warning(SilenceMatchers matchers, Collection<String> services) {
    for (AlertRule rule : rules) {
      for (String service : services) {
        if (matchers.matches(rule.id(), service, rule.severity().id())) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(
        "it matches no alert rule and service configured now: check the names (it is kept, for"
            + " rules or services yet to come)");
  }

  private void audit(Caller caller, AuditKind kind, Silence silence, String detail) {
    trail.record(
        AuditEntry.of(
            clock.instant(),
            caller,
            kind,
            silence.id() + " " + SilenceWording.subject(silence),
            Outcome.OK,
            Duration.ZERO,
            detail + (silence.reason() == null ? "" : " reason=" + silence.reason())));
  }

  private static AuditKind endKind(Silence.Kind kind) {
    return kind == Silence.Kind.SILENCE ? AuditKind.SILENCE_END : AuditKind.MAINTENANCE_END;
  }

  private static String name(Caller caller) {
    return caller.userName() != null && !caller.userName().isBlank()
        ? caller.userName()
        : caller.userId();
  }
}
