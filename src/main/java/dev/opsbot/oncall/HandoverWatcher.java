package dev.opsbot.oncall;

import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.oncall.HandoverStore.Handover;
import dev.opsbot.oncall.OpenAlerts.OpenAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces each hand-over of a schedule with a channel, once across replicas and restarts: a new
 * current shift with another person is recorded in {@code oncall_handovers} together with its post
 * (see {@link HandoverStore}). A hand-over more than {@link #LATE} ago when it is first seen
 * (opsbot was down, or the schedule is new) is recorded without a post, so nobody is told of a
 * change of hands long past as if it were news.
 */
public final class HandoverWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HandoverWatcher.class);

  /** A hand-over seen later than this after it happened is recorded, not posted. */
  public static final Duration LATE = Duration.ofMinutes(30);

  private final OnCallRoster roster;
  private final HandoverStore store;
  private final OpenAlerts alerts;
  private final Runnable wakeOutbox;
  private final Clock clock;
  private final String replica;

  /** The shift start each schedule was last settled for, so a tick usually asks nothing of SQL. */
  private final Map<String, Instant> settled = new ConcurrentHashMap<>();

  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("oncall-handover").daemon().factory());

  public HandoverWatcher(
      OnCallRoster roster,
      HandoverStore store,
      OpenAlerts alerts,
      Runnable wakeOutbox,
      Clock clock,
      String replica) {
    this.roster = roster;
    this.store = store;
    this.alerts = alerts;
    this.wakeOutbox = wakeOutbox;
    this.clock = clock;
    this.replica = replica;
  }

  public HandoverWatcher start(Duration every) {
    ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (Throwable e) {
      // Anything escaping here would cancel every later tick of the executor, silently.
      log.warn("event=handover_tick_failed reason=\"{}\"", e.getMessage());
    }
  }

  /** Records (and posts) the hand-overs due now; returns how many this replica posted. */
  public int tick() {
    Instant now = clock.instant();
    int posted = 0;
    for (Schedule schedule : roster.schedules()) {
      if (schedule.channel() == null || schedule.channel().isBlank()) {
        continue;
      }
      try {
        if (check(schedule, now)) {
          posted++;
        }
      } catch (RuntimeException e) {
        log.warn(
            "event=handover_failed schedule={} reason=\"{}\" note=\"tried again at the next"
                + " tick\"",
            schedule.id(),
            e.getMessage());
      }
    }
    return posted;
  }

  private boolean check(Schedule schedule, Instant now) {
    Optional<Shift> found = roster.current(schedule.id(), now);
    if (found.isEmpty()) {
      return false;
    }
    Shift shift = found.get();
    if (shift.start().equals(settled.get(schedule.id()))) {
      return false;
    }
    Person previous =
        roster.current(schedule.id(), shift.start().minusNanos(1)).map(Shift::person).orElse(null);
    if (previous != null && previous.id().equals(shift.person().id())) {
      // The same person goes on (another layer, an override of themselves): no hand-over.
      settled.put(schedule.id(), shift.start());
      return false;
    }
    boolean late = Duration.between(shift.start(), now).compareTo(LATE) > 0;
    List<OutboxItem> post = late ? List.of() : List.of(post(schedule, shift, previous, now));
    Handover handover =
        new Handover(
            schedule.id(),
            shift.start(),
            shift.person().id(),
            previous == null ? null : previous.id(),
            replica);
    boolean recorded = store.record(handover, post, now);
    settled.put(schedule.id(), shift.start());
    if (!recorded) {
      return false;
    }
    if (late) {
      log.info(
          "event=handover_not_posted schedule={} person={} since={} note=\"more than {} min ago"
              + " when first seen: recorded, not announced\"",
          schedule.id(),
          shift.person().id(),
          shift.start(),
          LATE.toMinutes());
      return false;
    }
    log.info(
        "event=handover_posted schedule={} person={} previous={} channel={}",
        schedule.id(),
        shift.person().id(),
        previous == null ? "-" : previous.id(),
        schedule.channel());
    wakeOutbox.run();
    return true;
  }

  private OutboxItem post(Schedule schedule, Shift shift, Person previous, Instant now) {
    Person next = roster.next(schedule.id(), now).map(Shift::person).orElse(null);
    List<OpenAlert> open = alerts.open();
    return OutboxItem.post(
        HandoverMessages.key(schedule.id(), shift.start()),
        schedule.channel(),
        HandoverMessages.handover(
            schedule.channel(), shift, previous, next, zone(schedule, shift), open, this::name));
  }

  private String name(String userId) {
    return roster.personOfUser(userId).map(Person::name).orElse(userId);
  }

  /** The zone the shift's times are read in: its layer's, else the schedule's first layer's. */
  static ZoneId zone(Schedule schedule, Shift shift) {
    return schedule.layers().stream()
        .filter(layer -> Objects.equals(layer.name(), shift.layer()))
        .findFirst()
        .or(() -> schedule.layers().stream().findFirst())
        .map(Layer::zone)
        .orElse(ZoneOffset.UTC);
  }

  @java.lang.Override
  public void close() {
    ticker.shutdownNow();
  }
}
