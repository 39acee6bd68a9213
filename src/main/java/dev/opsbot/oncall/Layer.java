package dev.opsbot.oncall;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;

/**
 * One rotation: its members take turns from {@code start}, each for one shift, and it covers only
 * the {@code days} and {@code hours} it names (all the time when it names none).
 *
 * <p>Daily and weekly shifts are counted in local dates: every shift begins at {@code handover}
 * local time, so a hand-over stays at 09:00 across daylight-saving changes (the day itself is 23 or
 * 25 hours long). A local time that does not exist that day (02:30 when clocks jump from 02:00 to
 * 03:00) is moved forward by the gap, and one that exists twice is taken the first time, so each
 * hand-over happens exactly once. Shifts given as a duration ({@code 12h}) are counted in elapsed
 * time from the first hand-over instead, and so drift against the wall clock across a
 * daylight-saving change, as a duration should.
 */
record Layer(
    String name,
    List<Person> members,
    ZoneId zone,
    int shiftDays,
    Duration shiftDuration,
    LocalTime handover,
    LocalDate start,
    Set<DayOfWeek> days,
    LocalTime hoursFrom,
    LocalTime hoursUntil) {

  Layer {
    members = List.copyOf(members);
    days = Set.copyOf(days);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("layer " + name + " has no members");
    }
    if ((shiftDays > 0) == (shiftDuration != null)) {
      throw new IllegalArgumentException("layer " + name + ": shifts in days or a duration");
    }
  }

  /** The person this layer puts on call at {@code at}, if it covers that moment. */
  Optional<Person> at(Instant at) {
    if (!covers(at)) {
      return Optional.empty();
    }
    long shift = shiftIndex(at);
    return shift < 0
        ? Optional.empty()
        : Optional.of(members.get((int) Math.floorMod(shift, (long) members.size())));
  }

  /**
   * Adds to {@code out} every instant in {@code (from, to)} at which this layer's answer may
   * change: shift hand-overs and the edges of its days and hours.
   */
  void boundaries(Instant from, Instant to, NavigableSet<Instant> out) {
    Instant first = shiftStart(0);
    if (first.isAfter(from) && first.isBefore(to)) {
      out.add(first);
    }
    for (long k = Math.max(1, shiftIndex(from)); ; k++) {
      Instant boundary = shiftStart(k);
      if (!boundary.isBefore(to)) {
        break;
      }
      if (boundary.isAfter(from)) {
        out.add(boundary);
      }
    }
    if (days.isEmpty() && hoursFrom == null) {
      return;
    }
    LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
    for (LocalDate date = from.atZone(zone).toLocalDate().minusDays(1);
        !date.isAfter(last);
        date = date.plusDays(1)) {
      List<LocalTime> edges =
          hoursFrom == null ? List.of(LocalTime.MIDNIGHT) : List.of(hoursFrom, hoursUntil);
      for (LocalTime edge : edges) {
        Instant instant = ZonedDateTime.of(date, edge, zone).toInstant();
        if (instant.isAfter(from) && instant.isBefore(to)) {
          out.add(instant);
        }
      }
    }
  }

  /** When shift {@code k} (0 is the first member's first) begins. */
  Instant shiftStart(long k) {
    Instant origin = ZonedDateTime.of(start, handover, zone).toInstant();
    if (shiftDuration != null) {
      return origin.plus(shiftDuration.multipliedBy(k));
    }
    return ZonedDateTime.of(start.plusDays(k * shiftDays), handover, zone).toInstant();
  }

  /** Which shift {@code at} falls in; negative before the first. */
  long shiftIndex(Instant at) {
    Instant origin = shiftStart(0);
    if (at.isBefore(origin)) {
      return -1;
    }
    if (shiftDuration != null) {
      return Duration.between(origin, at).toMillis() / shiftDuration.toMillis();
    }
    LocalDate date = at.atZone(zone).toLocalDate();
    if (at.isBefore(ZonedDateTime.of(date, handover, zone).toInstant())) {
      date = date.minusDays(1);
    }
    return ChronoUnit.DAYS.between(start, date) / shiftDays;
  }

  private boolean covers(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    LocalDate date = local.toLocalDate();
    if (hoursFrom == null) {
      return dayCovered(date);
    }
    LocalTime time = local.toLocalTime();
    if (hoursFrom.isBefore(hoursUntil)) {
      return dayCovered(date) && !time.isBefore(hoursFrom) && time.isBefore(hoursUntil);
    }
    // Across midnight (20:00-08:00): the night belongs to the day it began on.
    return (dayCovered(date) && !time.isBefore(hoursFrom))
        || (dayCovered(date.minusDays(1)) && time.isBefore(hoursUntil));
  }

  private boolean dayCovered(LocalDate date) {
    return days.isEmpty() || days.contains(date.getDayOfWeek());
  }
}
