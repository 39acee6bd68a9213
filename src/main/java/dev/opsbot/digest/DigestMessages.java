package dev.opsbot.digest;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.BusinessReport;
import dev.opsbot.digest.DigestFacts.Figure;
import dev.opsbot.digest.DigestFacts.FigureTable;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import dev.opsbot.digest.DigestReport.AureaLine;
import dev.opsbot.digest.DigestReport.ServiceLine;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Words a digest: a post read in thirty seconds (verdict, a few fields, the services that need a
 * look), and the rest in its thread.
 */
public final class DigestMessages {
  /** Below this a service needs a look and is listed in the post. */
  static final double HEALTHY = 0.999;

  static final int SERVICES_IN_POST = 6;
  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

  private final DigestChart chart;

  public DigestMessages(DigestChart chart) {
    this.chart = chart;
  }

  public Digest word(DigestReport report) {
    Optional<Block.File> picture =
        chart
            .render(report)
            .map(png ->
                Block.File.binary(
                    DigestChart.fileName(report),
                    "image/png",
                    png,
                    chart.title()
                        + " ("
                        + DigestChart.WIDTH
                        + "x"
                        + DigestChart.HEIGHT
                        + " PNG, "
                        + Math.max(1, png.length / 1024)
                        + " KiB)"));
    Message summary = summary(report, picture.isPresent(), true);
    Message details = details(report);
    Message.Builder email = Message.builder(verdict(report));
    summary(report, picture.isPresent(), false).blocks().forEach(email::add);
    picture.ifPresent(email::add);
    details.blocks().forEach(email::add);
    return new Digest(report, summary, details, picture, email.tone(tone(report)).build());
  }

  /** The preview: the post and its thread in one message, the chart named. */
  public static Message preview(Digest digest) {
    Message.Builder preview = Message.builder(digest.summary().fallbackText());
    digest.summary().blocks().forEach(preview::add);
    digest.chart().ifPresent(preview::add);
    digest.details().blocks().forEach(preview::add);
    return preview
        .tone(digest.summary().tone())
        .visibility(dev.opsbot.chat.Visibility.EPHEMERAL)
        .build();
  }

  private Message summary(DigestReport report, boolean hasChart, boolean inChat) {
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
    post.table(DAY_COLUMNS, worst.stream().map(DigestMessages::dayCells).toList());
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

  private static final List<String> DAY_COLUMNS =
      List.of("service", "24 h", "p50", "p99", "alerts");

  /** A service's last 24 hours, as the post and the details both show it. */
  private static List<String> dayCells(ServiceLine s) {
    return List.of(
        s.id(),
        percent(s.availability()),
        millis(s.p50()),
        millis(s.p99()),
        Long.toString(s.incidents()));
  }

  private static List<String> plus(List<String> cells, String... more) {
    List<String> all = new ArrayList<>(cells);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  private Message details(DigestReport report) {
    Message.Builder thread =
        Message.builder("Digest details " + report.day()).header("Details · " + report.day());
    thread.table(
        plus(DAY_COLUMNS, "7 days", "p50 by day"),
        report.services().stream()
            .map(s -> plus(dayCells(s), percent(s.weekAvailability()), sparkline(s.dailyP50())))
            .toList());
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
        "Availability counts answers (up or degraded) among all probes; p50 and p99 come from"
            + " hourly latency histograms, within about 12%.");
    return thread.build();
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

  private static String jobs(AureaLine aurea) {
    return aurea.jobsNow() == null
        ? "no reading"
        : aurea.jobsNow()
            + " of "
            + aurea.jobsExpected()
            + (aurea.jobsNow() < aurea.jobsExpected() ? " (short)" : "");
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

  private String period(DigestReport report, boolean hasChart, boolean inChat) {
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

  private static String signed(String change) {
    String trimmed = change.strip();
    return trimmed.startsWith("-") || trimmed.startsWith("+") ? trimmed : "+" + trimmed;
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

  private static double sortable(double availability) {
    return Double.isNaN(availability) ? 2.0 : availability;
  }
}
