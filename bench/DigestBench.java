import dev.opsbot.config.AureaConfig;
import dev.opsbot.digest.DigestQueries;
import dev.opsbot.state.EmbeddedStateServer;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.digest.BusinessFigures;
import dev.opsbot.digest.Digest;
import dev.opsbot.digest.DigestBuilder;
import dev.opsbot.digest.DigestChart;
import dev.opsbot.digest.DigestMessages;
import dev.opsbot.digest.DigestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The daily digest for a large fleet: N services with D days of history every S seconds (1000, 7,
 * 30: 20,160,000 raw rows). Generates the rows inside PostgreSQL, rolls them up hour by hour as
 * the running bot does, then times building the digest from the rollups (the way opsbot does it),
 * and for comparison the same day's availability and percentiles read from the raw rows.
 *
 * <p>Usage: {@code java -cp target/opsbot.jar:CLASSES DigestBench [--services 1000] [--days 7]
 * [--interval-s 30] [--rounds 5]}.
 */
public final class DigestBench {
  public static void main(String[] args) throws Exception {
    int services = intArg(args, "--services", 1000);
    int days = intArg(args, "--days", 7);
    int intervalS = intArg(args, "--interval-s", 30);
    int rounds = intArg(args, "--rounds", 5);
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(30));
    Path data = Files.createTempDirectory("opsbot-digest-bench");
    try (EmbeddedStateServer server = EmbeddedStateServer.start(data);
        StateDatabase database = new StateDatabase(server.jdbcUrl(), server.user(), server.password().reveal())) {
      database.ready().ifPresent(reason -> {
        throw new IllegalStateException(reason);
      });
      ProbeHistoryStore history =
          new ProbeHistoryStore(database, Duration.ofDays(days + 1), Duration.ofDays(90));
      long perService = (long) days * 86_400 / intervalS;
      System.out.printf(
          Locale.ROOT,
          "history: %d services x %d days every %d s = %,d raw rows (+ AUREA fields)%n",
          services,
          days,
          intervalS,
          perService * services);

      long t0 = System.nanoTime();
      generate(database, services, days, intervalS, end);
      double generateS = seconds(t0);
      System.out.printf(Locale.ROOT, "generate raw rows in PostgreSQL: %.1f s%n", generateS);
      System.out.printf(Locale.ROOT, "raw table size: %s%n", size(database, "probe_samples"));

      t0 = System.nanoTime();
      Instant first = end.minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.HOURS);
      List<Double> perHour = new ArrayList<>();
      for (Instant hour = first; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
        long h0 = System.nanoTime();
        history.rollUp(hour, hour.plus(Duration.ofHours(1)));
        perHour.add(seconds(h0) * 1000);
      }
      System.out.printf(
          Locale.ROOT,
          "roll up %d hours one by one: %.1f s in all; one hour of %,d rows: median %.0f ms, max %.0f ms%n",
          perHour.size(),
          seconds(t0),
          services * 3600L / intervalS,
          median(perHour),
          Collections.max(perHour));
      System.out.printf(Locale.ROOT, "hourly table size: %s%n", size(database, "probe_hourly"));
      analyze(database);

      List<DigestBuilder.Target> targets = new ArrayList<>();
      for (int i = 1; i <= services; i++) {
        targets.add(new DigestBuilder.Target(name(i), name(i)));
      }
      DigestQueries source = new DigestQueries(database, history);
      DigestBuilder builder =
          new DigestBuilder(
              targets,
              Optional.of(new AureaConfig(name(1), "usage", "scheduler", 61, 5)),
              source,
              BusinessFigures.NONE);
      DigestMessages messages = new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY));

      List<Double> refresh = new ArrayList<>();
      List<Double> read = new ArrayList<>();
      List<Double> build = new ArrayList<>();
      List<Double> word = new ArrayList<>();
      Digest digest = null;
      for (int round = 0; round <= rounds; round++) {
        long r0 = System.nanoTime();
        source.refresh(end);
        double refreshMs = seconds(r0) * 1000;
        r0 = System.nanoTime();
        source.hourly(end.minus(Duration.ofDays(7)), end);
        double readMs = seconds(r0) * 1000;
        r0 = System.nanoTime();
        DigestReport report = builder.build(end, ZoneId.of("UTC"), null);
        double buildMs = seconds(r0) * 1000;
        r0 = System.nanoTime();
        digest = messages.word(report);
        double wordMs = seconds(r0) * 1000;
        if (round > 0) { // round 0 warms the JVM and PostgreSQL's caches
          refresh.add(refreshMs);
          read.add(readMs);
          build.add(buildMs);
          word.add(wordMs);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "digest from rollups (median of %d, after one warm-up):%n"
              + "  refresh (roll up the previous and current hour): %.0f ms%n"
              + "  read 7 days of hourly rollups (%,d rows): %.0f ms%n"
              + "  build (refresh + reads + figures): %.0f ms%n"
              + "  word it and draw the chart: %.0f ms%n"
              + "  total: %.0f ms%n",
          rounds,
          median(refresh),
          (long) services * days * 24,
          median(read),
          median(build),
          median(word),
          median(build) + median(word));
      System.out.println("  verdict: " + digest.summary().fallbackText());
      System.out.println(
          "  the rollup read inside PostgreSQL: " + explain(database, end.minus(Duration.ofDays(7)), end));
      System.out.printf(
          Locale.ROOT,
          "  chart: %d bytes; summary %d blocks, details %d blocks%n",
          digest.chart().map(c -> c.bytes().length).orElse(0),
          digest.summary().blocks().size(),
          digest.details().blocks().size());

      List<Double> raw = new ArrayList<>();
      for (int round = 0; round <= Math.min(rounds, 3); round++) {
        long r0 = System.nanoTime();
        rawDay(database, end);
        if (round > 0) {
          raw.add(seconds(r0) * 1000);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "for comparison, the day's availability, p50 and p99 per service straight from the raw"
              + " rows (%,d rows): median %.0f ms%n",
          services * 86_400L / intervalS,
          median(raw));
    } finally {
      deleteTree(data);
    }
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "svc-%04d", i);
  }

  /**
   * Rows made by PostgreSQL itself (generate_series), in time order as probes write them: a daily
   * rhythm in latency, 0.1% of probes down, every 200th service slower; AUREA's usage and scheduler
   * fields for the first service every 30 s.
   */
  private static void generate(
      StateDatabase database, int services, int days, int intervalS, Instant end)
      throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET synchronous_commit = off");
      Instant start = end.minus(Duration.ofDays(days));
      for (int day = 0; day < days; day++) {
        Instant from = start.plus(Duration.ofDays(day));
        statement.execute(
            String.format(
                Locale.ROOT,
                "INSERT INTO probe_samples (at, subject, check_name, status, latency_ms)"
                    + " SELECT t, 'svc-' || lpad(s::text, 4, '0'), 'health',"
                    + "  CASE WHEN random() < 0.001 THEN 'X' ELSE 'U' END,"
                    + "  (80 + 40 * sin(extract(epoch FROM t) / 13751) + random() * 60"
                    + "   + CASE WHEN s %% 200 = 0 THEN 400 ELSE 0 END)::int"
                    + " FROM generate_series('%s'::timestamptz, '%s'::timestamptz - interval '1 ms',"
                    + "  interval '%d seconds') AS t, generate_series(1, %d) AS s",
                from,
                from.plus(Duration.ofDays(1)),
                intervalS,
                services));
        statement.execute(
            String.format(
                Locale.ROOT,
                "INSERT INTO probe_samples (at, subject, check_name, status, latency_ms, fields)"
                    + " SELECT t, 'svc-0001', c, 'U', 120, CASE c WHEN 'usage' THEN"
                    + "  jsonb_build_object('running', true, 'cyclesCompleted',"
                    + "  (extract(epoch FROM t) / 30)::bigint, 'decisionsMade',"
                    + "  (extract(epoch FROM t) / 600)::bigint)"
                    + "  ELSE jsonb_build_object('registeredJobs', 61, 'jobsCount', 61) END"
                    + " FROM generate_series('%s'::timestamptz, '%s'::timestamptz - interval '1 ms',"
                    + "  interval '%d seconds') AS t, unnest(ARRAY['usage', 'scheduler']) AS c",
                from,
                from.plus(Duration.ofDays(1)),
                intervalS));
      }
    }
    analyze(database);
  }

  private static void analyze(StateDatabase database) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE probe_samples");
      statement.execute("ANALYZE probe_hourly");
    }
  }

  private static void rawDay(StateDatabase database, Instant end) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT subject, count(*) FILTER (WHERE status <> 'X')::float8 / count(*),"
                    + " percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms),"
                    + " percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms)"
                    + " FROM probe_samples WHERE check_name = 'health' AND at >= '"
                    + end.minus(Duration.ofDays(1))
                    + "' AND at < '"
                    + end
                    + "' GROUP BY subject")) {
      while (rows.next()) {
        rows.getString(1);
      }
    }
  }

  /** How long PostgreSQL itself takes for the digest's rollup read (EXPLAIN ANALYZE). */
  private static String explain(StateDatabase database, Instant from, Instant to) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "EXPLAIN (ANALYZE) SELECT hour, subject, check_name, samples, up, degraded, down,"
                    + " latency_max_ms, p50_ms, p99_ms, bucket_ids::text, bucket_counts::text"
                    + " FROM probe_hourly WHERE hour >= '"
                    + from
                    + "' AND hour < '"
                    + to
                    + "' AND check_name IN ('health', 'select-1')")) {
      String last = "";
      while (rows.next()) {
        last = rows.getString(1);
      }
      return last.strip();
    }
  }

  private static String size(StateDatabase database, String table) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT pg_size_pretty(pg_total_relation_size('" + table + "')),"
                    + " (SELECT count(*) FROM " + table + ")")) {
      rows.next();
      return String.format(Locale.ROOT, "%s with indexes, %,d rows", rows.getString(1), rows.getLong(2));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
