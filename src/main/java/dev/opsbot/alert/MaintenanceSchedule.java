package dev.opsbot.alert;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maintenance window in configuration: once ({@code 2026-12-06T02:00/2026-12-06T04:00
 * Europe/Berlin}) or every week ({@code every Sunday 02:00-03:00 Europe/Berlin}). Times are wall
 * clock times in the zone, so a weekly window stays at 02:00 local across daylight saving time: on
 * the night the clocks go forward a window wholly inside the missing hour does not happen; on the
 * night they go back it starts at the first 02:00 and ends at 03:00 standard time (two hours).
 *
 * <p>{@link SilenceDesk#schedule} starts each occurrence; nothing reads these from configuration
 * files yet (issue 17, part 1, step 4: the wiring and the YAML are left).
 */
public record MaintenanceSchedule(
    String name,
    List<String> services,
    DayOfWeek day,
    LocalDateTime onceFrom,
    LocalDateTime onceTo,
    LocalTime from,
    LocalTime to,
    ZoneId zone) {
  private static final Pattern WEEKLY =
      Pattern.compile("every (\\w+) (\\d{2}:\\d{2})-(\\d{2}:\\d{2}) (\\S+)");
  private static final Pattern ONCE =
      Pattern.compile("(\\S+T\\d{2}:\\d{2})/(\\S+T\\d{2}:\\d{2}) (\\S+)");

  /** One occurrence: when it starts and ends, and its key (the same on every replica). */
  public record Occurrence(String key, Instant start, Instant end) {}

  /**
   * Parses a window's {@code when}.
   *
   * @throws IllegalArgumentException naming what is wrong, and the forms that work
   */
  public static MaintenanceSchedule parse(String name, List<String> services, String when) {
    try {
      Matcher weekly = WEEKLY.matcher(when.strip());
      if (weekly.matches()) {
        DayOfWeek day = day(name, weekly.group(1));
        return new MaintenanceSchedule(
            name,
            services,
            day,
            null,
            null,
            LocalTime.parse(weekly.group(2)),
            LocalTime.parse(weekly.group(3)),
            ZoneId.of(weekly.group(4)));
      }
      Matcher once = ONCE.matcher(when.strip());
      if (once.matches()) {
        LocalDateTime from = LocalDateTime.parse(once.group(1));
        LocalDateTime to = LocalDateTime.parse(once.group(2));
        if (!to.isAfter(from)) {
          throw new IllegalArgumentException("maintenance '" + name + "' ends before it starts");
        }
        return new MaintenanceSchedule(
            name, services, null, from, to, null, null, ZoneId.of(once.group(3)));
      }
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "maintenance '" + name + "': " + e.getMessage() + " in '" + when + "'");
    }
    throw new IllegalArgumentException(
        "maintenance '"
            + name
            + "': '"
            + when
            + "' is not a window: write 'every Sunday 02:00-03:00 Europe/Berlin' or"
            + " '2026-12-06T02:00/2026-12-06T04:00 Europe/Berlin'");
  }

  private static DayOfWeek day(String name, String text) {
    try {
      return DayOfWeek.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "maintenance '" + name + "': '" + text + "' is not a day: write Monday ... Sunday");
    }
  }

  /** The occurrence running at {@code at}, if any. */
  public Optional<Occurrence> activeAt(Instant at) {
    if (day == null) {
      Occurrence only = occurrence(onceFrom, onceTo);
      return contains(only, at) ? Optional.of(only) : Optional.empty();
    }
    LocalDate today = at.atZone(zone).toLocalDate();
    // Yesterday's too: a window from 23:00 to 01:00 runs past midnight.
    for (LocalDate date : List.of(today.minusDays(1), today)) {
      if (date.getDayOfWeek() != day) {
        continue;
      }
      LocalDate endDate = to.isAfter(from) ? date : date.plusDays(1);
      Occurrence occurrence = occurrence(date.atTime(from), endDate.atTime(to));
      if (contains(occurrence, at)) {
        return Optional.of(occurrence);
      }
    }
    return Optional.empty();
  }

  private Occurrence occurrence(LocalDateTime start, LocalDateTime end) {
    // ZonedDateTime.of: a time in a gap moves forward by the gap, one in an overlap takes the
    // earlier offset.
    Instant startAt = ZonedDateTime.of(start, zone).toInstant();
    Instant endAt = ZonedDateTime.of(end, zone).withLaterOffsetAtOverlap().toInstant();
    return new Occurrence(name + "@" + start, startAt, endAt);
  }

  private static boolean contains(Occurrence occurrence, Instant at) {
    return !occurrence.start().isAfter(at) && occurrence.end().isAfter(at);
  }
}
