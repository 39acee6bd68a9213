package dev.opsbot.digest;

import dev.opsbot.probe.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the digest is made of, as read from opsbot's own records and the fleet database. */
public final class DigestFacts {
  private DigestFacts() {}

  /**
   * One target's hour: samples by status, the exact median and 99th percentile of the hour, and the
   * latency histogram that adds up across hours.
   */
  public record HourlyRollup(
      Instant hour,
      String subject,
      String check,
      long samples,
      long up,
      long degraded,
      long down,
      long latencyMaxMs,
      long p50Ms,
      long p99Ms,
      LatencyHistogram latency) {}

  /**
   * A maintenance window that ran in the period ({@code /maintenance} or configured), with the
   * services it covered; {@code end} is when it ended, early or not.
   */
  public record MaintenanceWindow(
      long id, List<String> services, Instant start, Instant end, String reason) {
    public MaintenanceWindow {
      services = List.copyOf(services);
    }
  }

  /**
   * The probe samples of one target's hour that fell outside its maintenance windows, counted from
   * the raw samples; {@code raw} is all the hour's raw samples (0 once they were pruned).
   */
  public record OutsideCounts(
      String subject, Instant hour, long raw, long samples, long up, long degraded, long down) {}

  /** The JSON fields one probe read at one time (AUREA's counters and flags). */
  public record FieldSample(Instant at, String check, Map<String, String> fields) {}

  /**
   * Alerts in the period: how many fired, were acknowledged and resolved, how many are open now,
   * the mean times to acknowledge and resolve (null when none), and the rule that fired most.
   */
  public record AlertFigures(
      long fired,
      long acknowledged,
      long resolved,
      long open,
      long openCritical,
      Duration meanTimeToAcknowledge,
      Duration meanTimeToResolve,
      String noisiestRule,
      long noisiestRuleFired,
      Map<String, Long> firedByService) {
    public static final AlertFigures NONE =
        new AlertFigures(0, 0, 0, 0, 0, null, null, null, 0, Map.of());

    public AlertFigures {
      firedByService = Map.copyOf(firedByService);
    }
  }

  /** What people did through opsbot in the period, from the audit log. */
  public record OperationFigures(
      long rollbacks, long rollbacksFailed, long sqlQueries, long sqlRefused, long commands) {}

  /** A business figure with its change over the last 24 h (null when the query gives none). */
  public record Figure(String name, String value, String change) {}

  /** A saved query's rows, shown in the digest's thread. */
  public record FigureTable(String title, List<String> columns, List<List<String>> rows) {
    public FigureTable {
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** The business part: figures, tables, and what could not be read (said, not hidden). */
  public record BusinessReport(
      List<Figure> figures, List<FigureTable> tables, List<String> problems) {
    public static final BusinessReport NONE = new BusinessReport(List.of(), List.of(), List.of());

    public BusinessReport {
      figures = List.copyOf(figures);
      tables = List.copyOf(tables);
      problems = List.copyOf(problems);
    }
  }
}
