package dev.opsbot.digest;

import static dev.opsbot.digest.DigestFormat.DAY_COLUMNS;
import static dev.opsbot.digest.DigestFormat.count;
import static dev.opsbot.digest.DigestFormat.duration;
import static dev.opsbot.digest.DigestFormat.jobs;
import static dev.opsbot.digest.DigestFormat.millis;
import static dev.opsbot.digest.DigestFormat.number;
import static dev.opsbot.digest.DigestFormat.percent;
import static dev.opsbot.digest.DigestFormat.signed;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.Figure;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import dev.opsbot.digest.DigestReport.AureaLine;
import dev.opsbot.digest.DigestReport.ServiceLine;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Words a digest's post, read in thirty seconds: the verdict, a few fields, and the services that
 * need a look.
 */
final class DigestPost {
  /** Below this a service needs a look and is listed in the post. */
  static final double HEALTHY = 0.999;

  static final int SERVICES_IN_POST = 6;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

  private DigestPost() {}

  static Message post(DigestReport report, boolean hasChart, boolean inChat) {
    Message.Builder post =
        Message.builder(verdict(report))
            .header("Daily digest · " + DAY.format(report.day()))
            .text(verdict(report))
            .tone(tone(report));
    if (!report.hasHistory()) {
      post.context(period(report, hasChart, inChat));
      return post.build();
    }
    List<Block.Field> fields = new ArrayList<>();
    fields.add(
        new Block.Field(
            "Availability 24 h",
            percent(report.availability())
                + " (7 days "
                + percent(report.weekAvailability())
                + ")"));
    maintenance(report).ifPresent(fields::add);
    report.services().stream()
        .filter(s -> s.samples() > 0)
        .max(Comparator.comparingLong(ServiceLine::p99))
        .ifPresent(s -> fields.add(new Block.Field("Slowest p99", s.id() + " " + millis(s.p99()))));
    AlertFigures alerts = report.alerts();
    fields.add(
        new Block.Field(
            "Alerts",
            alerts.fired()
                + " fired, "
                + alerts.acknowledged()
                + " acknowledged, "
                + alerts.resolved()
                + " resolved, "
                + alerts.open()
                + " open"
                + (alerts.noisiestRule() == null
                    ? ""
                    : "; noisiest "
                        + alerts.noisiestRule()
                        + " ("
                        + alerts.noisiestRuleFired()
                        + ")")));
    fields.add(
        new Block.Field(
            "Time to acknowledge / resolve",
            duration(alerts.meanTimeToAcknowledge())
                + " / "
                + duration(alerts.meanTimeToResolve())));
    report.aurea().ifPresent(aurea -> fields.addAll(aureaFields(aurea)));
    if (!report.business().figures().isEmpty()) {
      fields.add(new Block.Field("Business (24 h change)", figures(report.business().figures())));
    }
    fields.add(new Block.Field("Operations", operations(report.operations())));
    post.fields(fields);
    List<ServiceLine> worst =
        report.services().stream()
            .sorted(
                Comparator.comparingDouble((ServiceLine s) -> sortable(s.availability()))
                    .thenComparing(Comparator.comparingLong(ServiceLine::incidents).reversed())
                    .thenComparing(Comparator.comparingLong(ServiceLine::p99).reversed()))
            .limit(SERVICES_IN_POST)
            .toList();
    post.table(DAY_COLUMNS, worst.stream().map(DigestFormat::dayCells).toList());
    int more = report.services().size() - worst.size();
    if (more > 0) {
      long needLook =
          report.services().stream()
              .filter(s -> !worst.contains(s))
              .filter(s -> s.samples() > 0 && s.availability() < HEALTHY)
              .count();
      post.context(
          more
              + (more == 1 ? " more service" : " more services")
              + (needLook == 0 ? ", all at or above 99.9%" : ", " + needLook + " below 99.9%"));
    }
    post.context(period(report, hasChart, inChat));
    return post.build();
  }

  /** The one line a manager reads: how the fleet did, and what is still open. */
  static String verdict(DigestReport report) {
    if (!report.hasHistory()) {
      return "No probe history for the last 24 h: opsbot has not been probing, so there is"
          + " nothing to judge";
    }
    AlertFigures alerts = report.alerts();
    List<ServiceLine> below =
        report.services().stream()
            .filter(s -> s.samples() > 0 && s.availability() < HEALTHY)
            .sorted(Comparator.comparingDouble(ServiceLine::availability))
            .toList();
    String open =
        alerts.open() == 0
            ? "no open alerts"
            : alerts.open()
                + " open alert"
                + (alerts.open() == 1 ? "" : "s")
                + (alerts.openCritical() > 0 ? " (" + alerts.openCritical() + " critical)" : "");
    if (below.isEmpty() && alerts.open() == 0) {
      return "All systems healthy: " + percent(report.availability()) + " availability, " + open;
    }
    String services =
        below.isEmpty()
            ? "every service at or above 99.9%"
            : below.stream()
                    .limit(3)
                    .map(s -> s.id() + " " + percent(s.availability()))
                    .collect(Collectors.joining(", "))
                + (below.size() > 3 ? " and " + (below.size() - 3) + " more" : "");
    String lead = tone(report) == Tone.DANGER ? "Needs attention: " : "Mostly healthy: ";
    return lead + services + "; " + open;
  }

  static Tone tone(DigestReport report) {
    if (!report.hasHistory()) {
      return Tone.WARNING;
    }
    boolean badService =
        report.services().stream().anyMatch(s -> s.samples() > 0 && s.availability() < 0.99);
    if (report.alerts().openCritical() > 0 || badService) {
      return Tone.DANGER;
    }
    boolean anyBelow =
        report.services().stream().anyMatch(s -> s.samples() > 0 && s.availability() < HEALTHY);
    return anyBelow || report.alerts().open() > 0 ? Tone.WARNING : Tone.GOOD;
  }

  /** The period's maintenance windows (a few; all in the thread) and the time left out. */
  private static java.util.Optional<Block.Field> maintenance(DigestReport report) {
    DigestReport.Maintenance maintenance = report.maintenance();
    if (maintenance.windows().isEmpty()) {
      return java.util.Optional.empty();
    }
    int shown = 2;
    String windows =
        maintenance.windows().size() <= shown
            ? maintenance.windows().stream()
                .map(w -> DigestFormat.window(w, report.zone()))
                .collect(Collectors.joining("; "))
            : maintenance.windows().size() + " windows (listed in the thread)";
    return java.util.Optional.of(
        new Block.Field(
            "Maintenance",
            windows
                + (maintenance.excluded().isEmpty()
                    ? ""
                    : "; " + DigestFormat.excluded(maintenance.excluded()))));
  }

  private static List<Block.Field> aureaFields(AureaLine aurea) {
    if (aurea.samples() == 0) {
      return List.of(new Block.Field("AUREA", "no readings in the period"));
    }
    String state =
        aurea.runningNow() == null
            ? "state unknown"
            : aurea.runningNow() ? "running" : "NOT running";
    return List.of(
        new Block.Field(
            "AUREA",
            state
                + "; "
                + aurea.cycles()
                + " cycles, "
                + aurea.decisions()
                + " decisions; down "
                + duration(aurea.notRunning())),
        new Block.Field("Scheduler jobs", jobs(aurea)));
  }

  private static String figures(List<Figure> figures) {
    return figures.stream()
        .map(f ->
            f.name()
                + " "
                + number(f.value())
                + (f.change() == null ? "" : " (" + signed(number(f.change())) + ")"))
        .collect(Collectors.joining(", "));
  }

  private static String operations(OperationFigures ops) {
    return count(ops.rollbacks(), "rollback") + ", " + count(ops.sqlQueries(), "/sql query");
  }

  private static String period(DigestReport report, boolean hasChart, boolean inChat) {
    DateTimeFormatter time = TIME.withZone(report.zone());
    StringBuilder line =
        new StringBuilder("Period ")
            .append(time.format(report.from()))
            .append(" – ")
            .append(time.format(report.to()))
            .append(' ')
            .append(report.zone().getId());
    if (inChat) {
      line.append(hasChart ? " · chart and details in the thread" : " · details in the thread");
    }
    if (report.late()) {
      line.append(" · posted late: it was due ").append(time.format(report.scheduledFor()));
    }
    return line.toString();
  }

  private static double sortable(double availability) {
    return Double.isNaN(availability) ? 2.0 : availability;
  }
}
