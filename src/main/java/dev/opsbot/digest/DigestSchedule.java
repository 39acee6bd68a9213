package dev.opsbot.digest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When one channel gets its digest: a local time of day in a time zone, every day or on weekdays
 * only, and who gets it by email too. Local time follows daylight saving: 08:30 stays 08:30; a time
 * that does not exist on the day the clocks go forward is taken at the same offset after the gap
 * (02:30 becomes 03:30), and one that happens twice when they go back is taken the first time.
 */
public record DigestSchedule(
    String channel, LocalTime time, ZoneId zone, boolean weekdaysOnly, List<String> email) {
  public DigestSchedule {
    email = email == null ? List.of() : List.copyOf(email);
  }

  public boolean postsOn(LocalDate day) {
    return !weekdaysOnly
        || (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY);
  }

  /** The instant the digest of {@code day} is due. */
  public Instant dueOn(LocalDate day) {
    return ZonedDateTime.of(day, time, zone).toInstant();
  }

  /** The latest day whose digest was due at or before {@code now}, within the last week. */
  public Optional<LocalDate> latestDue(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, zone);
    for (int back = 0; back < 8; back++, day = day.minusDays(1)) {
      if (postsOn(day) && !dueOn(day).isAfter(now)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }

  /** The next time a digest is due after {@code now}. */
  public Instant nextAfter(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, zone);
    while (!postsOn(day) || !dueOn(day).isAfter(now)) {
      day = day.plusDays(1);
    }
    return dueOn(day);
  }
}
