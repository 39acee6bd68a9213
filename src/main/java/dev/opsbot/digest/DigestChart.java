package dev.opsbot.digest;

import dev.opsbot.digest.DigestReport.ServiceLine;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The digest's picture: each service's median latency (or availability) hour by hour over the
 * period, as a PNG drawn by XChart. At most {@link #MAX_SERIES} lines, the slowest (or least
 * available) services, so the chart stays readable with a large fleet.
 */
public final class DigestChart {
  public static final int WIDTH = 900;
  public static final int HEIGHT = 450;
  static final int MAX_SERIES = 8;

  static {
    // Charts are drawn without a screen: on servers, in containers, in CI.
    System.setProperty("java.awt.headless", "true");
  }

  /** What the chart shows. */
  public enum Kind {
    LATENCY,
    AVAILABILITY
  }

  private final Kind kind;

  public DigestChart(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The PNG, or empty when the period has no history to draw. */
  public java.util.Optional<byte[]> render(DigestReport report) {
    List<ServiceLine> shown = shown(report);
    if (shown.isEmpty()) {
      return java.util.Optional.empty();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title())
            .yAxisTitle(kind == Kind.LATENCY ? "p50 latency (ms)" : "availability (%)")
            .build();
    org.knowm.xchart.style.XYStyler styler = chart.getStyler();
    styler.setLocale(Locale.ROOT);
    styler.setTimezone(TimeZone.getTimeZone(report.zone()));
    chart.getStyler().setDatePattern("HH:mm");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
    for (ServiceLine line : shown) {
      List<Date> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int h = 0; h < report.hours().size(); h++) {
        double value = value(line, h);
        if (!Double.isNaN(value)) {
          xs.add(Date.from(report.hours().get(h)));
          ys.add(value);
        }
      }
      chart.addSeries(line.id(), xs, ys).setMarker(SeriesMarkers.NONE);
    }
    try {
      return java.util.Optional.of(
          BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("the digest chart could not be drawn", e);
    }
  }

  /** The file name the chart is uploaded and mailed as. */
  public static String fileName(DigestReport report) {
    return "opsbot-digest-" + report.day() + ".png";
  }

  public String title() {
    return kind == Kind.LATENCY
        ? "Median latency per hour, last 24 h"
        : "Availability per hour, last 24 h";
  }

  private List<ServiceLine> shown(DigestReport report) {
    Comparator<ServiceLine> worstFirst =
        kind == Kind.LATENCY
            ? Comparator.comparingLong(ServiceLine::p99).reversed()
            : Comparator.comparingDouble(ServiceLine::availability);
    return report.services().stream()
        .filter(line -> line.samples() > 0)
        .sorted(worstFirst.thenComparing(ServiceLine::id))
        .limit(MAX_SERIES)
        .toList();
  }

  private double value(ServiceLine line, int hour) {
    if (kind == Kind.LATENCY) {
      long p50 = line.hourlyP50().get(hour);
      return p50 < 0 ? Double.NaN : p50;
    }
    double availability = line.hourlyAvailability().get(hour);
    return Double.isNaN(availability) ? Double.NaN : availability * 100;
  }
}
