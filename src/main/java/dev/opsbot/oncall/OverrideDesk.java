package dev.opsbot.oncall;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.access.Role;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.chat.Message;
import dev.opsbot.command.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /oncall override}, {@code swap} and {@code cancel}: checks the window and who asks,
 * stores, audits, and says what changed. A refusal stores nothing and is audited with its reason.
 */
final class OverrideDesk {
  /** The longest override: longer is a change of rotation, made in the on-call file. */
  static final Duration LONGEST = Duration.ofDays(14);

  /** How far ahead an override may begin. */
  static final Duration FURTHEST = Duration.ofDays(365);

  private final OnCallLookup lookup;
  private final OverrideStore store;
  private final AccessPolicy access;
  private final OnCallAudit audit;
  private final Clock clock;

  OverrideDesk(
      OnCallLookup lookup,
      OverrideStore store,
      AccessPolicy access,
      OnCallAudit audit,
      Clock clock) {
    this.lookup = lookup;
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  Message take(Caller caller, OnCallRequest.Take request) {
    try {
      return takeChecked(caller, request);
    } catch (RefusedException e) {
      audit.refused(caller, AuditKind.ONCALL_OVERRIDE, request.schedule(), e.getMessage());
      throw e;
    }
  }

  private Message takeChecked(Caller caller, OnCallRequest.Take request) {
    Schedule schedule = lookup.schedule(request.schedule());
    Person incoming = lookup.person(request.person());
    Instant now = now();
    Instant start;
    Instant end;
    switch (request.when()) {
      case OnCallRequest.When.For f -> {
        start = now;
        end = now.plus(f.length());
      }
      case OnCallRequest.When.Between b -> {
        start = b.from().atZone(schedule.zone()).toInstant();
        end = b.until().atZone(schedule.zone()).toInstant();
      }
    }
    if (!end.isAfter(start)) {
      throw new RefusedException(OverrideWording.endsBeforeStart());
    }
    if (!end.isAfter(now)) {
      throw new RefusedException(OverrideWording.inThePast(end, schedule.zone()));
    }
    boolean startPassed = start.isBefore(now);
    if (startPassed) {
      start = now;
    }
    checkBounds(start, end, now);
    List<Shift> then = lookup.roster().read(schedule.id(), start, end).shifts();
    if (coversAll(then, incoming, start, end)) {
      throw new RefusedException(OverrideWording.alreadyOnCall(incoming, schedule));
    }
    Set<Person> replaced = people(then, incoming);
    permit(caller, schedule, replaced, Set.of(incoming));
    Override saved =
        saved(
                schedule,
                List.of(new OverrideStore.Request(schedule.id(), incoming, start, end)),
                caller,
                now)
            .getFirst();
    audit.override(caller, AuditKind.ONCALL_OVERRIDE, saved, ids(replaced));
    Optional<Shift> after = lookup.roster().current(schedule.id(), end);
    return answer(OverrideWording.taken(schedule, saved, now, startPassed, replaced, after));
  }

  Message swap(Caller caller, OnCallRequest.Swap request) {
    try {
      return swapChecked(caller, request);
    } catch (RefusedException e) {
      audit.refused(caller, AuditKind.ONCALL_SWAP, request.schedule(), e.getMessage());
      throw e;
    }
  }

  private Message swapChecked(Caller caller, OnCallRequest.Swap request) {
    Schedule schedule = lookup.schedule(request.schedule());
    Person me = lookup.caller(caller).orElseThrow(() -> lookup.notInPeople(caller));
    Person other = lookup.person(request.person());
    if (other.equals(me)) {
      throw new RefusedException("A swap takes two: name the person you trade shifts with.");
    }
    Instant now = now();
    Duration ahead = OnCallViews.MY_SHIFTS;
    List<Shift> shifts =
        lookup.roster().read(schedule.id(), now, now.plus(ahead).plus(LONGEST)).shifts();
    Shift mine = next(shifts, me, now.plus(ahead), schedule, "You have");
    Shift theirs = next(shifts, other, now.plus(ahead), schedule, other.name() + " has");
    for (Shift shift : List.of(mine, theirs)) {
      Duration length = Duration.between(shift.start(), shift.end());
      if (length.compareTo(LONGEST) > 0) {
        throw new RefusedException(OverrideWording.tooLong(length, LONGEST));
      }
    }
    List<OverrideStore.Request> requests =
        new ArrayList<>(
            List.of(
                new OverrideStore.Request(schedule.id(), other, mine.start(), mine.end()),
                new OverrideStore.Request(schedule.id(), me, theirs.start(), theirs.end())));
    requests.sort(Comparator.comparing(OverrideStore.Request::start));
    List<Override> saved = saved(schedule, requests, caller, now);
    for (Override override : saved) {
      String replaced = override.person().equals(me) ? other.id() : me.id();
      audit.override(caller, AuditKind.ONCALL_SWAP, override, replaced);
    }
    return answer(OverrideWording.swapped(schedule, me, other, saved));
  }

  private static Shift next(
      List<Shift> shifts, Person person, Instant before, Schedule schedule, String who) {
    return shifts.stream()
        .filter(s -> s.person().equals(person) && s.start().isBefore(before))
        .findFirst()
        .orElseThrow(() ->
            new RefusedException(
                who
                    + " no "
                    + schedule.id()
                    + " shift in the next 30 days to swap. Nothing was stored."));
  }

  Message cancel(Caller caller, OnCallRequest.Cancel request) {
    String schedule = null;
    try {
      OverrideStore.Stored found =
          store
              .find(request.id())
              .orElseThrow(
                  () -> new RefusedException("There is no override #" + request.id() + "."));
      schedule = found.override().schedule();
      return cancelChecked(caller, found);
    } catch (RefusedException e) {
      audit.refused(caller, AuditKind.ONCALL_CANCEL, schedule, e.getMessage());
      throw e;
    }
  }

  private Message cancelChecked(Caller caller, OverrideStore.Stored found) {
    Override override = found.override();
    Optional<Schedule> schedule = lookup.roster().schedule(override.schedule());
    ZoneId zone = schedule.map(Schedule::zone).orElse(ZoneOffset.UTC);
    if (found.canceled()) {
      throw new RefusedException(
          "Override #"
              + override.id()
              + " was canceled already, by "
              + found.canceledBy()
              + " at "
              + OnCallTimes.at(found.canceledAt(), zone)
              + ".");
    }
    Instant now = now();
    if (!override.end().isAfter(now)) {
      throw new RefusedException(
          "Override #"
              + override.id()
              + " ended at "
              + OnCallTimes.at(override.end(), zone)
              + ": there is nothing left to cancel.");
    }
    Instant from = override.start().isAfter(now) ? override.start() : now;
    Set<Person> replaced =
        schedule
            .map(s -> people(lookup.roster().layerShifts(s.id(), from, override.end()), null))
            .orElse(Set.of());
    if (schedule.isPresent()) {
      permit(caller, schedule.get(), replaced, Set.of(override.person()));
    } else if (!admin(caller)
        && !lookup.caller(caller).map(override.person()::equals).orElse(false)) {
      throw new RefusedException(
          "Schedule "
              + override.schedule()
              + " is no longer configured: only "
              + override.person().name()
              + " or an admin may cancel #"
              + override.id()
              + ".");
    }
    if (!store.cancel(override.id(), caller.userId(), now)) {
      throw new RefusedException(
          "Override #" + override.id() + " was canceled a moment ago by someone else.");
    }
    audit.canceled(caller, override);
    Optional<Shift> then = schedule.flatMap(s -> lookup.roster().current(s.id(), from));
    return answer(OverrideWording.canceled(zone, override.schedule(), override, from, now, then));
  }

  private List<Override> saved(
      Schedule schedule, List<OverrideStore.Request> requests, Caller caller, Instant now) {
    return switch (store.store(requests, caller.userId(), now)) {
      case OverrideStore.Outcome.Saved saved -> saved.overrides();
      case OverrideStore.Outcome.Overlapping overlapping ->
          throw new RefusedException(
              OverrideWording.overlapping(overlapping.existing(), schedule.zone()));
    };
  }

  private void checkBounds(Instant start, Instant end, Instant now) {
    Duration length = Duration.between(start, end);
    if (length.compareTo(LONGEST) > 0) {
      throw new RefusedException(OverrideWording.tooLong(length, LONGEST));
    }
    if (start.isAfter(now.plus(FURTHEST))) {
      throw new RefusedException(OverrideWording.tooFar(FURTHEST));
    }
  }

  /** The person replaced, the incoming one, or an admin. */
  private void permit(
      Caller caller, Schedule schedule, Set<Person> replaced, Set<Person> incoming) {
    if (admin(caller)) {
      return;
    }
    Optional<Person> me = lookup.caller(caller);
    if (me.isPresent() && (replaced.contains(me.get()) || incoming.contains(me.get()))) {
      return;
    }
    throw new RefusedException(OverrideWording.notAllowed(caller, schedule, replaced, incoming));
  }

  /**
   * Whole seconds: the database keeps microseconds and the clock may give nanoseconds, and an
   * override from now must read back as starting now.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private boolean admin(Caller caller) {
    return access.roleOf(caller).includes(Role.ADMIN);
  }

  private static boolean coversAll(List<Shift> shifts, Person person, Instant start, Instant end) {
    Instant covered = start;
    for (Shift shift : shifts) {
      if (!shift.person().equals(person) || !shift.start().equals(covered)) {
        return false;
      }
      covered = shift.end();
    }
    return covered.equals(end);
  }

  private static Set<Person> people(List<Shift> shifts, Person except) {
    Set<Person> found = new LinkedHashSet<>();
    for (Shift shift : shifts) {
      if (!shift.person().equals(except)) {
        found.add(shift.person());
      }
    }
    return found;
  }

  private static String ids(Set<Person> people) {
    return people.isEmpty() ? "nobody" : String.join(",", people.stream().map(Person::id).toList());
  }

  private static Message answer(String text) {
    return Message.builder(text).text(text).build();
  }
}
