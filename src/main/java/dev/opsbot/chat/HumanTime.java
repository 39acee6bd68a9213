package dev.opsbot.chat;

import java.time.Duration;
import java.time.Instant;

/** Durations and ages as people read them in chat: "120 ms", "2.4 s", "4 min ago". */
public final class HumanTime {
  private HumanTime() {}

  public static String latency(Duration duration) {
    if (duration == null) {
      return "-";
    }
    long millis = duration.toMillis();
    if (millis < 10_000) {
      return millis + " ms";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  public static String age(Instant then, Instant now) {
    return span(Duration.between(then, now)) + " ago";
  }

  /** A coarse span: seconds under a minute, minutes under two hours, then hours, then days. */
  public static String span(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min";
    }
    if (seconds < 172_800) {
      return seconds / 3600 + " h";
    }
    return seconds / 86_400 + " d";
  }
}
