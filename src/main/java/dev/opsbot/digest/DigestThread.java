package dev.opsbot.digest;

import static dev.opsbot.digest.DigestFormat.DAY_COLUMNS;
import static dev.opsbot.digest.DigestFormat.count;
import static dev.opsbot.digest.DigestFormat.dayCells;
import static dev.opsbot.digest.DigestFormat.duration;
import static dev.opsbot.digest.DigestFormat.jobs;
import static dev.opsbot.digest.DigestFormat.number;
import static dev.opsbot.digest.DigestFormat.percent;
import static dev.opsbot.digest.DigestFormat.signed;

import dev.opsbot.chat.Message;
import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.BusinessReport;
import dev.opsbot.digest.DigestFacts.FigureTable;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * Words a digest's details, posted in the post's thread: every service with its week, the alerts,
 * AUREA, the business figures and the operations.
 */
final class DigestThread {
  private static final String SPARKS = "▁▂▃▄▅▆▇█";

  private DigestThread() {}

  static Message details(DigestReport report) {
    Message.Builder thread =
        Message.builder("Digest details " + report.day()).header("Details · " + report.day());
    thread.table(
        plus(DAY_COLUMNS, "7 days", "p50 by day"),
        report.services().stream()
            .map(s -> plus(dayCells(s), percent(s.weekAvailability()), sparkline(s.dailyP50())))
            .toList());
    DigestReport.Maintenance maintenance = report.maintenance();
    if (!maintenance.windows().isEmpty()) {
      thread.text(
          "Maintenance windows: "
              + maintenance.windows().stream()
                  .map(w -> DigestFormat.window(w, report.zone()))
                  .collect(java.util.stream.Collectors.joining("; "))
              + (maintenance.excluded().isEmpty()
                  ? "."
                  : "; " + DigestFormat.excluded(maintenance.excluded()) + "."));
    }
    AlertFigures alerts = report.alerts();
    thread.text(
        "Alerts: "
            + alerts.fired()
            + " fired, "
            + alerts.acknowledged()
            + " acknowledged, "
            + alerts.resolved()
            + " resolved; "
            + alerts.open()
            + " open now"
            + (alerts.openCritical() > 0 ? " (" + alerts.openCritical() + " critical)" : "")
            + ". Noisiest rule: "
            + (alerts.noisiestRule() == null
                ? "none fired"
                : alerts.noisiestRule() + " (" + alerts.noisiestRuleFired() + " fired)")
            + ".");
    report
        .aurea()
        .ifPresent(aurea ->
            thread.text(
                "AUREA: "
                    + (aurea.samples() == 0
                        ? "no readings in the period."
                        : aurea.cycles()
                            + " cycles completed, "
                            + aurea.decisions()
                            + " decisions made, not running for "
                            + duration(aurea.notRunning())
                            + "; scheduler "
                            + jobs(aurea)
                            + (aurea.jobsLowest() != null
                                    && aurea.jobsNow() != null
                                    && aurea.jobsLowest() < aurea.jobsNow()
                                ? " (lowest " + aurea.jobsLowest() + ")"
                                : "")
                            + ".")));
    BusinessReport business = report.business();
    if (!business.figures().isEmpty()) {
      thread.table(
          List.of("figure", "now", "24 h change"),
          business.figures().stream()
              .map(f ->
                  List.of(
                      f.name(),
                      number(f.value()),
                      f.change() == null ? "-" : signed(number(f.change()))))
              .toList());
    }
    for (FigureTable table : business.tables()) {
      thread.text(table.title() + ":");
      thread.table(table.columns(), table.rows());
    }
    business.problems().forEach(problem -> thread.context("Not shown: " + problem));
    OperationFigures ops = report.operations();
    thread.text(
        "Operations: "
            + count(ops.rollbacks(), "rollback")
            + (ops.rollbacksFailed() > 0
                ? " (" + ops.rollbacksFailed() + " failed or unverified)"
                : "")
            + ", "
            + count(ops.sqlQueries(), "/sql query")
            + (ops.sqlRefused() > 0 ? " (" + ops.sqlRefused() + " refused)" : "")
            + ", "
            + count(ops.commands(), "command")
            + " in all.");
    thread.context(
        "Availability counts answers (up or degraded) among all probes"
            + (maintenance.excluded().isEmpty() ? "" : " outside maintenance windows")
            + "; p50 and p99 come from hourly latency histograms, within about 12%.");
    return thread.build();
  }

  private static List<String> plus(List<String> cells, String... more) {
    List<String> all = new ArrayList<>(cells);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  static String sparkline(List<Long> values) {
    long max = values.stream().mapToLong(Long::longValue).max().orElse(-1);
    // From zero, so a day a few percent slower does not read as a spike.
    long min = 0;
    StringBuilder line = new StringBuilder();
    for (long value : values) {
      if (value < 0) {
        line.append('·');
      } else if (max == min) {
        line.append(SPARKS.charAt(0));
      } else {
        int index = (int) Math.round((double) (value - min) / (max - min) * (SPARKS.length() - 1));
        line.append(SPARKS.charAt(index));
      }
    }
    return line.toString();
  }
}
