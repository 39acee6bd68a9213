package dev.opsbot.digest;

import dev.opsbot.config.AureaConfig;
import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.FieldSample;
import dev.opsbot.digest.DigestFacts.HourlyRollup;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestReport.AureaLine;
import dev.opsbot.digest.DigestReport.ServiceLine;
import dev.opsbot.probe.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers one digest's figures: the 24 hours up to its time (by whole hours, from the hourly
 * rollups), the 7 days before for the trend, alerts, AUREA, business figures and the audit log.
 */
public final class DigestBuilder {
  private static final int DAY_HOURS = 24;
  private static final int WEEK_DAYS = 7;

  /** A target the digest reports on: a service's health check or a database ping. */
  public record Target(String id, String name) {}

  private final List<Target> targets;
  private final Optional<AureaConfig> aurea;
  private final DigestSource source;
  private final BusinessFigures business;

  public DigestBuilder(
      List<Target> targets,
      Optional<AureaConfig> aurea,
      DigestSource source,
      BusinessFigures business) {
    this.targets = List.copyOf(targets);
    this.aurea = aurea;
    this.source = source;
    this.business = business;
  }

  /**
   * The digest for the period ending at {@code end}, dated in {@code zone}; {@code scheduledFor} is
   * set when it is posted late.
   */
  public DigestReport build(Instant end, ZoneId zone, Instant scheduledFor) {
    source.refresh(end);
    Instant lastHour = end.truncatedTo(ChronoUnit.HOURS);
    Instant dayFrom = lastHour.minus(Duration.ofHours(DAY_HOURS - 1));
    Instant weekFrom = lastHour.minus(Duration.ofHours(DAY_HOURS * WEEK_DAYS - 1));
    List<MaintenanceWindow> windows = source.maintenance(weekFrom, end);
    MaintenanceTime maintenance =
        windows.isEmpty()
            ? MaintenanceTime.NONE
            : new MaintenanceTime(windows, source.outsideMaintenance(weekFrom, end));
    Map<String, List<HourlyRollup>> bySubject = new HashMap<>();
    for (HourlyRollup rollup : source.hourly(weekFrom, end)) {
      bySubject
          .computeIfAbsent(rollup.subject(), s -> new ArrayList<>())
          .add(maintenance.adjust(rollup));
    }
    AlertFigures alerts = source.alerts(dayFrom, end);
    List<Instant> hours = new ArrayList<>();
    for (int h = 0; h < DAY_HOURS; h++) {
      hours.add(dayFrom.plus(Duration.ofHours(h)));
    }
    List<ServiceLine> lines = new ArrayList<>();
    long up = 0;
    long samples = 0;
    long weekUp = 0;
    long weekSamples = 0;
    for (Target target : targets) {
      List<HourlyRollup> rollups = bySubject.getOrDefault(target.id(), List.of());
      ServiceLine line = line(target, rollups, dayFrom, weekFrom, hours, alerts.firedByService());
      lines.add(line);
      for (HourlyRollup rollup : rollups) {
        weekUp += rollup.up() + rollup.degraded();
        weekSamples += rollup.samples();
        if (!rollup.hour().isBefore(dayFrom)) {
          up += rollup.up() + rollup.degraded();
          samples += rollup.samples();
        }
      }
    }
    return new DigestReport(
        LocalDate.ofInstant(end, zone),
        dayFrom,
        end,
        zone,
        scheduledFor,
        hours,
        lines,
        ratio(up, samples),
        ratio(weekUp, weekSamples),
        alerts,
        aurea.map(config -> aurea(config, dayFrom, end)),
        business.report(),
        source.operations(dayFrom, end),
        new DigestReport.Maintenance(
            windows.stream().filter(w -> w.end().isAfter(dayFrom)).toList(),
            maintenance.excluded(dayFrom, end)));
  }

  private static ServiceLine line(
      Target target,
      List<HourlyRollup> rollups,
      Instant dayFrom,
      Instant weekFrom,
      List<Instant> hours,
      Map<String, Long> incidents) {
    LatencyHistogram day = new LatencyHistogram();
    long up = 0;
    long samples = 0;
    long weekUp = 0;
    long weekSamples = 0;
    long[] dailyUp = new long[WEEK_DAYS];
    long[] dailySamples = new long[WEEK_DAYS];
    List<LatencyHistogram> daily = new ArrayList<>();
    for (int d = 0; d < WEEK_DAYS; d++) {
      daily.add(new LatencyHistogram());
    }
    Map<Instant, HourlyRollup> byHour = new HashMap<>();
    for (HourlyRollup rollup : rollups) {
      long answered = rollup.up() + rollup.degraded();
      int d = (int) (Duration.between(weekFrom, rollup.hour()).toHours() / DAY_HOURS);
      if (d >= 0 && d < WEEK_DAYS) {
        dailyUp[d] += answered;
        dailySamples[d] += rollup.samples();
        daily.get(d).addAll(rollup.latency());
      }
      weekUp += answered;
      weekSamples += rollup.samples();
      if (!rollup.hour().isBefore(dayFrom)) {
        up += answered;
        samples += rollup.samples();
        day.addAll(rollup.latency());
        byHour.put(rollup.hour(), rollup);
      }
    }
    List<Double> dailyAvailability = new ArrayList<>();
    List<Long> dailyP50 = new ArrayList<>();
    for (int d = 0; d < WEEK_DAYS; d++) {
      dailyAvailability.add(ratio(dailyUp[d], dailySamples[d]));
      dailyP50.add(daily.get(d).percentile(0.5));
    }
    List<Long> hourlyP50 = new ArrayList<>();
    List<Double> hourlyAvailability = new ArrayList<>();
    for (Instant hour : hours) {
      HourlyRollup rollup = byHour.get(hour);
      hourlyP50.add(rollup == null ? -1 : rollup.p50Ms());
      hourlyAvailability.add(
          rollup == null ? Double.NaN : ratio(rollup.up() + rollup.degraded(), rollup.samples()));
    }
    return new ServiceLine(
        target.id(),
        target.name(),
        samples,
        ratio(up, samples),
        day.percentile(0.5),
        day.percentile(0.99),
        incidents.getOrDefault(target.id(), 0L),
        ratio(weekUp, weekSamples),
        dailyAvailability,
        dailyP50,
        hourlyP50,
        hourlyAvailability);
  }

  /**
   * Counters that only grow (cycles, decisions) are added up by their rises, so a restart of AUREA
   * that sets them back to zero does not read as a negative day.
   */
  private AureaLine aurea(AureaConfig config, Instant from, Instant to) {
    List<FieldSample> samples = source.fieldSamples(config.service(), from, to);
    long cycles = 0;
    long decisions = 0;
    Duration notRunning = Duration.ZERO;
    Long lastCycles = null;
    Long lastDecisions = null;
    FieldSample previousUsage = null;
    Boolean runningNow = null;
    Integer jobsNow = null;
    Integer jobsLowest = null;
    long count = 0;
    for (FieldSample sample : samples) {
      if (sample.check().equals(config.usageEndpoint())) {
        count++;
        Long c = number(sample.fields().get("cyclesCompleted"));
        Long d = number(sample.fields().get("decisionsMade"));
        if (c != null) {
          cycles += lastCycles == null ? 0 : (c >= lastCycles ? c - lastCycles : c);
          lastCycles = c;
        }
        if (d != null) {
          decisions += lastDecisions == null ? 0 : (d >= lastDecisions ? d - lastDecisions : d);
          lastDecisions = d;
        }
        if (previousUsage != null && "false".equals(previousUsage.fields().get("running"))) {
          notRunning = notRunning.plus(Duration.between(previousUsage.at(), sample.at()));
        }
        String running = sample.fields().get("running");
        runningNow = running == null ? runningNow : Boolean.valueOf(running);
        previousUsage = sample;
      } else if (sample.check().equals(config.schedulerEndpoint())) {
        Long jobs = number(sample.fields().get("registeredJobs"));
        if (jobs == null) {
          jobs = number(sample.fields().get("jobsCount"));
        }
        if (jobs != null) {
          jobsNow = jobs.intValue();
          jobsLowest = jobsLowest == null ? jobsNow : Math.min(jobsLowest, jobsNow);
        }
      }
    }
    if (previousUsage != null && "false".equals(previousUsage.fields().get("running"))) {
      notRunning = notRunning.plus(Duration.between(previousUsage.at(), to));
    }
    return new AureaLine(
        runningNow,
        cycles,
        decisions,
        notRunning,
        jobsNow,
        jobsLowest,
        config.expectedJobs(),
        count);
  }

  private static Long number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Math.round(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
