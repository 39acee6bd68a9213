package dev.opsbot.heartbeat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as a heartbeat's reasons tell them: "02:10", or "Fri 02:10" on another day. */
final class HeartbeatTimes {
  static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_HH_MM =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DATE_HH_MM =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private HeartbeatTimes() {}

  /** {@code at} in {@code zone}, with its weekday when not today, its date when a week away. */
  static String at(Instant at, Instant now, ZoneId zone) {
    LocalDate day = LocalDate.ofInstant(at, zone);
    LocalDate today = LocalDate.ofInstant(now, zone);
    var local = at.atZone(zone);
    if (day.equals(today)) {
      return HH_MM.format(local);
    }
    long days = Math.abs(day.toEpochDay() - today.toEpochDay());
    return (days < 7 ? DAY_HH_MM : DATE_HH_MM).format(local);
  }

  /** As {@link #at}, followed by the zone's name ("03:30 Europe/Berlin", "02:10 UTC"). */
  static String atIn(Instant at, Instant now, ZoneId zone) {
    return at(at, now, zone) + " " + (zone.getId().equals("Z") ? "UTC" : zone.getId());
  }
}
