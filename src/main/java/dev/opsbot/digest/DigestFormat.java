package dev.opsbot.digest;

import dev.opsbot.chat.HumanTime;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestReport.AureaLine;
import dev.opsbot.digest.DigestReport.ServiceLine;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a digest writes its figures, the same in the post and in the thread. */
final class DigestFormat {
  private DigestFormat() {}

  static final List<String> DAY_COLUMNS = List.of("service", "24 h", "p50", "p99", "alerts");

  /** A service's last 24 hours, as the post and the details both show it. */
  static List<String> dayCells(ServiceLine s) {
    return List.of(
        s.id(),
        percent(s.availability()),
        millis(s.p50()),
        millis(s.p99()),
        Long.toString(s.incidents()));
  }

  static String jobs(AureaLine aurea) {
    return aurea.jobsNow() == null
        ? "no reading"
        : aurea.jobsNow()
            + " of "
            + aurea.jobsExpected()
            + (aurea.jobsNow() < aurea.jobsExpected() ? " (short)" : "");
  }

  static String percent(double ratio) {
    if (Double.isNaN(ratio)) {
      return "no data";
    }
    if (ratio >= 1.0) {
      return "100%";
    }
    // Floored, so 99.996% never reads as a perfect 100.00%.
    double floored = Math.floor(ratio * 10_000) / 100;
    return String.format(Locale.ROOT, "%.2f%%", floored);
  }

  static String millis(long ms) {
    if (ms < 0) {
      return "-";
    }
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String duration(Duration duration) {
    if (duration == null) {
      return "-";
    }
    if (duration.isZero()) {
      return "0 s";
    }
    return HumanTime.span(duration);
  }

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  /** A window as the digest lists it: its services, start and end, and reason. */
  static String window(MaintenanceWindow window, ZoneId zone) {
    return String.join(", ", window.services())
        + " "
        + WHEN.withZone(zone).format(window.start())
        + " – "
        + (window.start().atZone(zone).toLocalDate().equals(window.end().atZone(zone).toLocalDate())
            ? TIME.withZone(zone).format(window.end())
            : WHEN.withZone(zone).format(window.end()))
        + (window.reason() == null ? "" : " (" + window.reason() + ")");
  }

  /** "availability excludes 1 h of maintenance for backend, 30 min for erp". */
  static String excluded(Map<String, Duration> excluded) {
    StringBuilder text = new StringBuilder("availability excludes ");
    if (excluded.isEmpty()) {
      return "";
    }
    boolean first = true;
    for (Map.Entry<String, Duration> entry : excluded.entrySet()) {
      text.append(first ? "" : ", ")
          .append(hoursAndMinutes(entry.getValue()))
          .append(first ? " of maintenance for " : " for ")
          .append(entry.getKey());
      first = false;
    }
    return text.toString();
  }

  static String hoursAndMinutes(Duration duration) {
    long minutes = Math.round(duration.toSeconds() / 60.0);
    if (minutes < 60) {
      return Math.max(minutes, 1) + " min";
    }
    return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
  }

  static String count(long n, String what) {
    String plural =
        what.endsWith("query") ? what.substring(0, what.length() - 1) + "ies" : what + "s";
    return n + " " + (n == 1 ? what : plural);
  }

  /** Whole numbers from the fleet database, grouped by thousands: 10,012. */
  static String number(String value) {
    if (value == null || !value.matches("-?\\d{4,}")) {
      return value;
    }
    return String.format(Locale.ROOT, "%,d", Long.parseLong(value));
  }

  static String signed(String change) {
    String trimmed = change.strip();
    return trimmed.startsWith("-") || trimmed.startsWith("+") ? trimmed : "+" + trimmed;
  }
}
