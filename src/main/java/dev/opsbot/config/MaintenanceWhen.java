package dev.opsbot.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a configured maintenance window runs, as wall-clock times in an IANA zone: every week on
 * some days ({@code every Sunday 02:00-03:00 Europe/Berlin}, {@code every Saturday,Sunday ...},
 * {@code every day ...}), or once ({@code 2026-12-06T02:00/2026-12-06T04:00 Europe/Berlin}). A
 * weekly window whose end is not after its start runs past midnight.
 *
 * @param days the days a weekly window starts on; empty for a one-off window
 * @param onceFrom the start of a one-off window, else null
 * @param onceTo the end of a one-off window, else null
 * @param from the daily start of a weekly window, else null
 * @param to the daily end of a weekly window, else null
 */
public record MaintenanceWhen(
    Set<DayOfWeek> days,
    LocalDateTime onceFrom,
    LocalDateTime onceTo,
    LocalTime from,
    LocalTime to,
    ZoneId zone) {
  /** The forms that work, for messages. */
  public static final String FORMS =
      "write 'every Sunday 02:00-03:00 Europe/Berlin' (or 'every Saturday,Sunday ...', 'every day"
          + " ...'), or once: '2026-12-06T02:00/2026-12-06T04:00 Europe/Berlin'";

  private static final Pattern WEEKLY =
      Pattern.compile("every (\\S+) (\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2}) (\\S+)");
  private static final Pattern ONCE = Pattern.compile("(\\S+)/(\\S+) (\\S+)");

  public MaintenanceWhen {
    days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
  }

  public boolean weekly() {
    return onceFrom == null;
  }

  /**
   * Reads a window's {@code when}.
   *
   * @throws IllegalArgumentException naming what is wrong and what to write instead
   */
  public static MaintenanceWhen parse(String when) {
    if (when == null || when.isBlank()) {
      throw new IllegalArgumentException("required key is missing: " + FORMS);
    }
    String text = when.strip().replaceAll("\\s+", " ");
    Matcher weekly = WEEKLY.matcher(text);
    if (weekly.matches()) {
      return new MaintenanceWhen(
          days(weekly.group(1)),
          null,
          null,
          time(weekly.group(2)),
          time(weekly.group(3)),
          zone(weekly.group(4)));
    }
    Matcher once = ONCE.matcher(text);
    if (once.matches()) {
      LocalDateTime from = dateTime(once.group(1));
      LocalDateTime to = dateTime(once.group(2));
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException(
            "the window ends at " + to + ", not after its start " + from + ": put the end last");
      }
      return new MaintenanceWhen(Set.of(), from, to, null, null, zone(once.group(3)));
    }
    throw new IllegalArgumentException("'" + when + "' is not a window: " + FORMS);
  }

  private static Set<DayOfWeek> days(String text) {
    if (text.equalsIgnoreCase("day")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String name : text.split(",")) {
      try {
        days.add(DayOfWeek.valueOf(name.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a day: write Monday ... Sunday (several with commas), or day");
      }
    }
    return days;
  }

  private static LocalTime time(String text) {
    try {
      return LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a time of day: write HH:mm, such as 02:00");
    }
  }

  private static LocalDateTime dateTime(String text) {
    try {
      return LocalDateTime.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a local date and time: write it like 2026-12-06T02:00");
    }
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a time zone: use an IANA name such as Europe/Berlin or UTC");
    }
  }

  @Override
  public String toString() {
    if (!weekly()) {
      return onceFrom + "/" + onceTo + " " + zone.getId();
    }
    String dayText =
        days.size() == 7
            ? "day"
            : String.join(
                ",",
                EnumSet.copyOf(days).stream()
                    .map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH))
                    .toList());
    return "every " + dayText + " " + from + "-" + to + " " + zone.getId();
  }
}
