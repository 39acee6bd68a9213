package dev.opsbot.digest;

import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.BusinessReport;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One day's digest as figures, before it is worded: the period, every service's day and week, the
 * alerts, AUREA, the business and what people did.
 *
 * @param scheduledFor when the digest was due, set only when it is posted late
 * @param hours the start of each hour of the period, oldest first (the chart's x axis)
 */
public record DigestReport(
    LocalDate day,
    Instant from,
    Instant to,
    ZoneId zone,
    Instant scheduledFor,
    List<Instant> hours,
    List<ServiceLine> services,
    double availability,
    double weekAvailability,
    AlertFigures alerts,
    Optional<AureaLine> aurea,
    BusinessReport business,
    OperationFigures operations,
    Maintenance maintenance) {

  public DigestReport {
    hours = List.copyOf(hours);
    services = List.copyOf(services);
  }

  /**
   * The maintenance windows that ran in the period, and how much of each service's period they
   * took: left out of its availability.
   */
  public record Maintenance(List<MaintenanceWindow> windows, Map<String, Duration> excluded) {
    public static final Maintenance NONE = new Maintenance(List.of(), Map.of());

    public Maintenance {
      windows = List.copyOf(windows);
      excluded = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(excluded));
    }
  }

  public boolean late() {
    return scheduledFor != null;
  }

  public boolean hasHistory() {
    return services.stream().anyMatch(s -> s.samples() > 0);
  }

  /**
   * One service (or database) over the period: availability (NaN without samples), p50 and p99 in
   * ms (-1 without samples), alerts fired; the week day by day; and its value for each hour.
   */
  public record ServiceLine(
      String id,
      String name,
      long samples,
      double availability,
      long p50,
      long p99,
      long incidents,
      double weekAvailability,
      List<Double> dailyAvailability,
      List<Long> dailyP50,
      List<Long> hourlyP50,
      List<Double> hourlyAvailability) {
    public ServiceLine {
      dailyAvailability = List.copyOf(dailyAvailability);
      dailyP50 = List.copyOf(dailyP50);
      hourlyP50 = List.copyOf(hourlyP50);
      hourlyAvailability = List.copyOf(hourlyAvailability);
    }
  }

  /**
   * AUREA over the period: cycles and decisions added, how long it reported not running, and the
   * scheduler's jobs now and at their lowest against those expected. Nulls where nothing was read.
   */
  public record AureaLine(
      Boolean runningNow,
      long cycles,
      long decisions,
      Duration notRunning,
      Integer jobsNow,
      Integer jobsLowest,
      int jobsExpected,
      long samples) {}
}
