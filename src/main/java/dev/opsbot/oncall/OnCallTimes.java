package dev.opsbot.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Instants as /oncall shows them: in the schedule's zone, and in UTC beside it. */
final class OnCallTimes {
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

  private OnCallTimes() {}

  /** {@code Mon 7 Dec 09:00 CET (08:00 UTC)}; the UTC part names its day when the day differs. */
  static String at(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
    if (local.getOffset().equals(ZoneOffset.UTC)) {
      return DAY_TIME.format(utc) + " UTC";
    }
    String utcPart =
        local.toLocalDate().equals(utc.toLocalDate()) ? TIME.format(utc) : DAY_TIME.format(utc);
    return DAY_TIME.format(local) + " " + ZONE.format(local) + " (" + utcPart + " UTC)";
  }

  /** {@code Mon 7 Dec 09:00}, in {@code zone}: for tables whose header names the zone. */
  static String local(Instant at, ZoneId zone) {
    return DAY_TIME.format(at.atZone(zone));
  }
}
