package dev.opsbot.alert;

import dev.opsbot.config.MaintenanceWhen;
import dev.opsbot.config.MaintenanceWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window in configuration: once ({@code 2026-12-06T02:00/2026-12-06T04:00
 * Europe/Berlin}) or every week ({@code every Sunday 02:00-03:00 Europe/Berlin}). Times are wall
 * clock times in the zone, so a weekly window stays at 02:00 local across daylight saving time: on
 * the night the clocks go forward a window wholly inside the missing hour does not happen; on the
 * night they go back it starts at the first 02:00 and ends at 03:00 standard time (two hours).
 *
 * <p>{@link SilenceDesk#schedule} starts each occurrence.
 */
public record MaintenanceSchedule(
    String name, List<String> services, MaintenanceWhen when, String reason) {

  public MaintenanceSchedule {
    services = List.copyOf(services);
  }

  /** One occurrence: when it starts and ends, and its key (the same on every replica). */
  public record Occurrence(String key, Instant start, Instant end) {}

  /** A window of a checked configuration. */
  public static MaintenanceSchedule of(MaintenanceWindow window) {
    return new MaintenanceSchedule(
        window.name(), window.services(), window.schedule(), window.reason());
  }

  /**
   * Parses a window's {@code when}.
   *
   * @throws IllegalArgumentException naming the window, what is wrong, and the forms that work
   */
  public static MaintenanceSchedule parse(String name, List<String> services, String when) {
    try {
      return new MaintenanceSchedule(name, services, MaintenanceWhen.parse(when), null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("maintenance '" + name + "': " + e.getMessage(), e);
    }
  }

  /** The occurrence running at {@code at}, if any. */
  public Optional<Occurrence> activeAt(Instant at) {
    return next(at).filter(o -> !o.start().isAfter(at));
  }

  /** The occurrence running at {@code at}, or else the next one to start (within a week). */
  public Optional<Occurrence> next(Instant at) {
    if (!when.weekly()) {
      Occurrence only = occurrence(when.onceFrom(), when.onceTo());
      return only.end().isAfter(at) ? Optional.of(only) : Optional.empty();
    }
    // From yesterday: a window from 23:00 to 01:00 runs past midnight.
    LocalDate today = at.atZone(when.zone()).toLocalDate();
    for (LocalDate date = today.minusDays(1);
        !date.isAfter(today.plusDays(7));
        date = date.plusDays(1)) {
      if (!when.days().contains(date.getDayOfWeek())) {
        continue;
      }
      LocalDate endDate = when.to().isAfter(when.from()) ? date : date.plusDays(1);
      Occurrence occurrence = occurrence(date.atTime(when.from()), endDate.atTime(when.to()));
      if (occurrence.end().isAfter(at) && occurrence.end().isAfter(occurrence.start())) {
        return Optional.of(occurrence);
      }
    }
    return Optional.empty();
  }

  private Occurrence occurrence(LocalDateTime start, LocalDateTime end) {
    // ZonedDateTime.of: a time in a gap moves forward by the gap, one in an overlap takes the
    // earlier offset; the end takes the later one, so the window keeps its wall-clock length.
    Instant startAt = ZonedDateTime.of(start, when.zone()).toInstant();
    Instant endAt = ZonedDateTime.of(end, when.zone()).withLaterOffsetAtOverlap().toInstant();
    return new Occurrence(name + "@" + start, startAt, endAt);
  }
}
