package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;
import java.util.List;

/**
 * The daily digest: which channels get it and when, what its chart shows, which saved queries give
 * its business figures, and how long probe history is kept.
 *
 * @param chart {@code latency} (median per hour) or {@code availability}
 * @param figures a saved query answering one row per figure: name, value, change over 24 h
 * @param tables saved queries shown as tables in the digest's thread
 * @param rawRetention how long every probe result is kept (the digest's AUREA figures read them)
 * @param hourlyRetention how long hourly rollups are kept (the digest's day and week read them)
 */
public record DigestSettings(
    List<DigestChannel> channels,
    String chart,
    String figures,
    List<String> tables,
    Duration rawRetention,
    Duration hourlyRetention) {
  public static final DigestSettings NONE = new DigestSettings(null, null, null, null, null, null);

  public DigestSettings {
    channels =
        channels == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(channels));
    chart = requireNonNullElse(chart, "latency");
    tables = tables == null ? List.of() : List.copyOf(tables);
    rawRetention = requireNonNullElse(rawRetention, Duration.ofDays(7));
    hourlyRetention = requireNonNullElse(hourlyRetention, Duration.ofDays(90));
  }

  /**
   * One channel's digest: at {@code time} (HH:mm) in {@code zone} (an IANA zone such as
   * America/Denver) on {@code days} ({@code every-day} or {@code weekdays}), also emailed to {@code
   * email}.
   */
  public record DigestChannel(
      String channel, String time, String zone, String days, List<String> email) {
    public DigestChannel {
      zone = requireNonNullElse(zone, "UTC");
      days = requireNonNullElse(days, "every-day");
      email = email == null ? List.of() : List.copyOf(email);
    }
  }
}
