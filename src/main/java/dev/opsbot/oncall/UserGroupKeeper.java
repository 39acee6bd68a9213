package dev.opsbot.oncall;

import dev.opsbot.oncall.UserGroupSync.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each schedule's Slack user group equal to the people on call, on its own thread so that a
 * slow Slack never holds up hand-overs. The platform is asked only when who should be in a group
 * differs from what this replica last put there, and then it reads the group before it writes, so
 * another replica (or a restart) finding the group in step changes nothing. A rate limit is waited
 * out by trying again after Retry-After, never by sleeping; a refusal (a missing scope, an unknown
 * group) is logged once and tried again at the next change or after {@link #AFTER_REFUSAL}.
 */
public final class UserGroupKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UserGroupKeeper.class);

  static final Duration AFTER_TROUBLE = Duration.ofSeconds(30);
  static final Duration AFTER_REFUSAL = Duration.ofHours(1);

  private final OnCallRoster roster;
  private final UserGroupSync platform;
  private final Clock clock;
  private final Map<String, GroupState> groups = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("oncall-usergroups").daemon().factory());

  /** What this replica knows of a group: in step with whom, or not until when and why. */
  private record GroupState(
      Set<String> inStepWith, Set<String> tried, Instant retryAt, String problem) {}

  public UserGroupKeeper(OnCallRoster roster, UserGroupSync platform, Clock clock) {
    this.roster = roster;
    this.platform = platform;
    this.clock = clock;
  }

  public UserGroupKeeper start(Duration every) {
    ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (Throwable e) {
      // Anything escaping here would cancel every later tick of the executor, silently.
      log.warn("event=usergroup_tick_failed reason=\"{}\"", e.getMessage());
    }
  }

  /** Brings every group that needs it in step now; returns how many were asked of the platform. */
  public int tick() {
    Instant now = clock.instant();
    int asked = 0;
    for (Map.Entry<String, Set<String>> wanted : wanted(now).entrySet()) {
      if (bringInStep(wanted.getKey(), wanted.getValue(), now)) {
        asked++;
      }
    }
    return asked;
  }

  /** Why a schedule's group is not in step, for /oncall and the log; empty when it is. */
  public Optional<String> problem(String schedule) {
    return roster
        .schedule(schedule)
        .map(Schedule::slackUserGroup)
        .map(groups::get)
        .map(GroupState::problem);
  }

  /** Each group and the Slack users of the people on call for the schedules that name it. */
  private Map<String, Set<String>> wanted(Instant now) {
    Map<String, Set<String>> wanted = new LinkedHashMap<>();
    for (Schedule schedule : roster.schedules()) {
      String group = schedule.slackUserGroup();
      if (group == null || group.isBlank()) {
        continue;
      }
      Set<String> users = wanted.computeIfAbsent(group, g -> new TreeSet<>());
      roster
          .current(schedule.id(), now)
          .map(Shift::person)
          .map(Person::slack)
          .ifPresent(users::add);
    }
    return wanted;
  }

  private boolean bringInStep(String group, Set<String> users, Instant now) {
    GroupState state = groups.get(group);
    if (users.isEmpty()) {
      // Slack keeps at least one member in a group: it is left as it is until someone is on call.
      return false;
    }
    if (state != null) {
      if (users.equals(state.inStepWith())) {
        return false;
      }
      if (users.equals(state.tried()) && now.isBefore(state.retryAt())) {
        return false;
      }
    }
    Outcome outcome = platform.sync(group, Set.copyOf(users));
    switch (outcome) {
      case Outcome.InStep inStep -> {
        groups.put(group, new GroupState(Set.copyOf(users), null, null, null));
        log.info(
            "event=usergroup_in_step group={} users={} changed={}",
            group,
            String.join(",", users),
            inStep.changed());
      }
      case Outcome.TryLater later -> {
        Duration wait = later.after() == null ? AFTER_TROUBLE : later.after();
        groups.put(
            group,
            new GroupState(
                null, Set.copyOf(users), now.plus(wait), "not synced: " + later.reason()));
        log.info(
            "event=usergroup_try_later group={} after_s={} reason=\"{}\"",
            group,
            wait.toSeconds(),
            later.reason());
      }
      case Outcome.Refused refused -> {
        String problem = "not synced: " + refused.reason() + " (" + refused.fix() + ")";
        if (state == null || !problem.equals(state.problem())) {
          log.warn(
              "event=usergroup_refused group={} reason=\"{}\" fix=\"{}\" note=\"the group is not"
                  + " kept in step with who is on call until this is fixed\"",
              group,
              refused.reason(),
              refused.fix());
        }
        groups.put(
            group, new GroupState(null, Set.copyOf(users), now.plus(AFTER_REFUSAL), problem));
      }
    }
    return true;
  }

  @java.lang.Override
  public void close() {
    ticker.shutdownNow();
  }
}
