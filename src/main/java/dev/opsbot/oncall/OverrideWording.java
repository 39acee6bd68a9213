package dev.opsbot.oncall;

import dev.opsbot.access.Caller;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What overrides, swaps and cancellations answer, and the words of their refusals. */
final class OverrideWording {
  private OverrideWording() {}

  /** "Ben has the primary pager from ... until ... (override #3). Ana is back at ..." */
  static String taken(
      Schedule schedule,
      Override override,
      Instant now,
      boolean startPassed,
      Collection<Person> replaced,
      Optional<Shift> after) {
    ZoneId zone = schedule.zone();
    String from = override.start().equals(now) ? "now" : OnCallTimes.at(override.start(), zone);
    return override.person().name()
        + " has the "
        + schedule.id()
        + " pager from "
        + from
        + (startPassed ? " (the start you gave has passed)" : "")
        + " until "
        + OnCallTimes.at(override.end(), zone)
        + " (override #"
        + override.id()
        + (replaced.isEmpty() ? "" : ", instead of " + names(replaced))
        + "). "
        + afterwards(schedule, override, replaced, after);
  }

  private static String afterwards(
      Schedule schedule, Override override, Collection<Person> replaced, Optional<Shift> after) {
    if (after.isEmpty()) {
      return "After it nobody is on call (a gap in the rotation).";
    }
    Shift next = after.get();
    if (next.person().equals(override.person())) {
      return next.person().name() + " stays on call after it (" + OnCallViews.source(next) + ").";
    }
    if (replaced.contains(next.person())) {
      return next.person().name()
          + " is back at "
          + OnCallTimes.at(override.end(), schedule.zone())
          + ".";
    }
    return "Then " + next.person().name() + " takes over (" + OnCallViews.source(next) + ").";
  }

  /** Two overrides of a swap, earlier first: who has the pager instead of whom. */
  static String swapped(Schedule schedule, Person me, Person other, List<Override> overrides) {
    String parts =
        overrides.stream()
            .map(o ->
                o.person().name()
                    + " has the pager from "
                    + OnCallTimes.at(o.start(), schedule.zone())
                    + " until "
                    + OnCallTimes.at(o.end(), schedule.zone())
                    + " instead of "
                    + (o.person().equals(me) ? other : me).name()
                    + " (override #"
                    + o.id()
                    + ")")
            .collect(Collectors.joining("; "));
    return me.name()
        + " and "
        + other.name()
        + " swapped their next "
        + schedule.id()
        + " shifts: "
        + parts
        + ".";
  }

  /** "Override #3 canceled (Ben, ... until ...). Ana has the primary pager again from now." */
  static String canceled(
      ZoneId zone,
      String schedule,
      Override override,
      Instant from,
      Instant now,
      Optional<Shift> then) {
    String what =
        "Override #"
            + override.id()
            + " canceled ("
            + override.person().name()
            + ", "
            + OnCallTimes.at(override.start(), zone)
            + " until "
            + OnCallTimes.at(override.end(), zone)
            + "). ";
    String when = from.equals(now) ? "now" : OnCallTimes.at(from, zone);
    if (then.isEmpty()) {
      return what
          + "Nobody is on call for "
          + schedule
          + " from "
          + when
          + " (a gap in the rotation).";
    }
    Shift shift = then.get();
    return what
        + shift.person().name()
        + " has the "
        + schedule
        + " pager "
        + (from.equals(now) ? "again " : "")
        + "from "
        + when
        + " until "
        + OnCallTimes.at(shift.end(), zone)
        + " ("
        + OnCallViews.source(shift)
        + ").";
  }

  static String overlapping(List<Override> existing, ZoneId zone) {
    String which =
        existing.stream()
            .map(o ->
                "#"
                    + o.id()
                    + " ("
                    + o.person().name()
                    + ", "
                    + OnCallTimes.at(o.start(), zone)
                    + " until "
                    + OnCallTimes.at(o.end(), zone)
                    + ")")
            .collect(Collectors.joining(", "));
    return "That overlaps override "
        + which
        + ": cancel it first with /oncall cancel "
        + existing.getFirst().id()
        + ", or pick another window. Nothing was stored.";
  }

  static String notAllowed(
      Caller caller, Schedule schedule, Collection<Person> replaced, Collection<Person> incoming) {
    return "Only the person on call then ("
        + (replaced.isEmpty() ? "nobody is" : names(replaced))
        + "), the incoming person ("
        + names(incoming)
        + ") or an admin may move the "
        + schedule.id()
        + " pager for that window; you ("
        + caller.userId()
        + ") are none of them. Nothing was stored.";
  }

  static String inThePast(Instant end, ZoneId zone) {
    return "That window ended at "
        + OnCallTimes.at(end, zone)
        + ", in the past. Nothing was stored.";
  }

  static String endsBeforeStart() {
    return "That window ends before it starts: write the start first, as"
        + " 2026-12-24 08:00..2026-12-26 08:00. Nothing was stored.";
  }

  static String tooLong(Duration asked, Duration longest) {
    return "An override may last "
        + longest.toDays()
        + " days at most, and that one lasts "
        + span(asked)
        + ": change the rotation in the on-call file instead. Nothing was stored.";
  }

  static String tooFar(Duration furthest) {
    return "An override may start at most "
        + furthest.toDays()
        + " days ahead. Nothing was stored.";
  }

  static String alreadyOnCall(Person person, Schedule schedule) {
    return person.name()
        + " is on call for "
        + schedule.id()
        + " for all of that window already: nothing to change.";
  }

  static String span(Duration duration) {
    long hours = duration.toHours();
    return hours >= 48
        ? duration.toDays() + " days"
        : hours >= 1 ? hours + " h" : duration.toMinutes() + " min";
  }

  private static String names(Collection<Person> people) {
    return people.stream().map(Person::name).distinct().collect(Collectors.joining(", "));
  }
}
