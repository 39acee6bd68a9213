package dev.opsbot.digest;

import dev.opsbot.chat.HumanTime;
import dev.opsbot.digest.DigestReport.AureaLine;
import dev.opsbot.digest.DigestReport.ServiceLine;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
