package dev.opsbot.digest;

import dev.opsbot.digest.DigestFacts.HourlyRollup;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestFacts.OutsideCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes maintenance windows out of the availability the digest reports: a service's probes while a
 * window of it ran do not count for or against it.
 *
 * <p>The digest reads hourly rollups, and a window rarely starts and ends on the hour. An hour the
 * windows cover whole is left out; an hour they cover in part is counted again from its raw samples
 * (kept {@code digest.rawRetention}, 7 days by default), keeping exactly those outside the windows.
 * Prorating the rollup instead would be wrong where it matters most: a service down exactly during
 * a window from 02:30 to 03:30 would keep half of each hour's failures. Only for an hour whose raw
 * samples were pruned already (the oldest of the week with a short retention) is the rollup
 * prorated by the share of the hour outside the windows. Latency is left as it was measured.
 */
final class MaintenanceTime {
  private record Span(Instant start, Instant end) {}

  private record HourKey(String subject, Instant hour) {}

  static final MaintenanceTime NONE = new MaintenanceTime(List.of(), List.of());

  private final Map<String, List<Span>> bySubject = new HashMap<>();
  private final Map<HourKey, OutsideCounts> outside = new HashMap<>();

  MaintenanceTime(List<MaintenanceWindow> windows, List<OutsideCounts> counts) {
    Map<String, List<Span>> spans = new HashMap<>();
    for (MaintenanceWindow window : windows) {
      for (String service : window.services()) {
        spans
            .computeIfAbsent(service, s -> new ArrayList<>())
            .add(new Span(window.start(), window.end()));
      }
    }
    spans.forEach((subject, list) -> bySubject.put(subject, merged(list)));
    counts.forEach(c -> outside.put(new HourKey(c.subject(), c.hour()), c));
  }

  /** Overlapping windows (one configured, one from chat) count their shared time once. */
  private static List<Span> merged(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(Span::start));
    List<Span> merged = new ArrayList<>();
    for (Span span : sorted) {
      Span last = merged.isEmpty() ? null : merged.getLast();
      if (last != null && !span.start().isAfter(last.end())) {
        merged.set(
            merged.size() - 1,
            new Span(last.start(), span.end().isAfter(last.end()) ? span.end() : last.end()));
      } else {
        merged.add(span);
      }
    }
    return merged;
  }

  /** The rollup with only the samples outside the subject's windows counted. */
  HourlyRollup adjust(HourlyRollup rollup) {
    Instant hourEnd = rollup.hour().plus(Duration.ofHours(1));
    Duration covered = covered(rollup.subject(), rollup.hour(), hourEnd);
    if (covered.isZero()) {
      return rollup;
    }
    if (covered.compareTo(Duration.ofHours(1)) >= 0) {
      return counted(rollup, 0, 0, 0, 0);
    }
    OutsideCounts counts = outside.get(new HourKey(rollup.subject(), rollup.hour()));
    if (counts != null && counts.raw() > 0) {
      return counted(rollup, counts.samples(), counts.up(), counts.degraded(), counts.down());
    }
    double share = 1.0 - (double) covered.toSeconds() / Duration.ofHours(1).toSeconds();
    return counted(
        rollup,
        Math.round(rollup.samples() * share),
        Math.round(rollup.up() * share),
        Math.round(rollup.degraded() * share),
        Math.round(rollup.down() * share));
  }

  private static HourlyRollup counted(
      HourlyRollup rollup, long samples, long up, long degraded, long down) {
    return new HourlyRollup(
        rollup.hour(),
        rollup.subject(),
        rollup.check(),
        samples,
        up,
        degraded,
        down,
        rollup.latencyMaxMs(),
        rollup.p50Ms(),
        rollup.p99Ms(),
        rollup.latency());
  }

  /** How long the subject's windows ran within {@code [from, to)}. */
  Duration covered(String subject, Instant from, Instant to) {
    Duration total = Duration.ZERO;
    for (Span span : bySubject.getOrDefault(subject, List.of())) {
      Instant start = span.start().isAfter(from) ? span.start() : from;
      Instant end = span.end().isBefore(to) ? span.end() : to;
      if (end.isAfter(start)) {
        total = total.plus(Duration.between(start, end));
      }
    }
    return total;
  }

  /** Each service's maintenance time within {@code [from, to)}, by service id, longest first. */
  Map<String, Duration> excluded(Instant from, Instant to) {
    Map<String, Duration> excluded = new LinkedHashMap<>();
    bySubject.keySet().stream()
        .sorted()
        .map(subject -> Map.entry(subject, covered(subject, from, to)))
        .filter(e -> !e.getValue().isZero())
        .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
        .forEach(e -> excluded.put(e.getKey(), e.getValue()));
    return excluded;
  }
}
