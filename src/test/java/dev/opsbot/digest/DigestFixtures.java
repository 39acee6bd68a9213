package dev.opsbot.digest;

import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.BusinessReport;
import dev.opsbot.digest.DigestFacts.Figure;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import dev.opsbot.digest.DigestReport.AureaLine;
import dev.opsbot.digest.DigestReport.ServiceLine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A digest made by hand, for tests of what is done with one (chart, upload, email). */
public final class DigestFixtures {
  public static final Instant END = Instant.parse("2026-11-25T15:30:00Z");

  private DigestFixtures() {}

  public static DigestReport report() {
    Instant from = Instant.parse("2026-11-24T16:00:00Z");
    List<Instant> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hours.add(from.plus(Duration.ofHours(h)));
    }
    List<ServiceLine> services =
        List.of(line("backend", 120, 0.985, hours.size()), line("erp", 300, 1.0, hours.size()));
    return new DigestReport(
        LocalDate.of(2026, 11, 25),
        from,
        END,
        ZoneId.of("America/Denver"),
        null,
        hours,
        services,
        0.9925,
        0.998,
        new AlertFigures(
            2,
            2,
            1,
            1,
            0,
            Duration.ofMinutes(4),
            Duration.ofMinutes(30),
            "service-down",
            2,
            Map.of("backend", 2L)),
        Optional.of(new AureaLine(true, 2_880, 14, Duration.ZERO, 61, 61, 61, 2_880)),
        new BusinessReport(List.of(new Figure("customers", "10012", "12")), List.of(), List.of()),
        new OperationFigures(1, 0, 14, 2, 40),
        DigestReport.Maintenance.NONE);
  }

  private static ServiceLine line(String id, long p50, double availability, int hours) {
    List<Long> hourly = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      hourly.add(p50 + 10L * (h % 6));
    }
    return new ServiceLine(
        id,
        id,
        2_880,
        availability,
        p50,
        p50 * 3,
        availability < 1 ? 2 : 0,
        availability,
        Collections.nCopies(7, availability),
        Collections.nCopies(7, p50),
        hourly,
        Collections.nCopies(hours, availability));
  }

  public static Digest digest() {
    return new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY)).word(report());
  }
}
