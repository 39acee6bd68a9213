import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.DatabaseConfig;
import dev.opsbot.config.Problem;
import dev.opsbot.config.SavedQueries;
import dev.opsbot.sql.QueryLimits;
import dev.opsbot.sql.QueryResult;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.sql.SavedQueryCatalog;
import dev.opsbot.sql.SqlGuard;
import dev.opsbot.sql.SqlTarget;
import dev.opsbot.sql.SqlVerdict;
import dev.opsbot.demo.DemoDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * /sql benchmark on the demo's seeded PostgreSQL: latency of each saved query through the real
 * guard and read-only runner (connecting as the read-only role), and peak heap while a query
 * that would return 1,000,000 rows runs, against a 10-row query.
 *
 * <p>Usage: {@code java -cp target/opsbot.jar:CLASSES SqlBench [--runs 200]}.
 */
public final class SqlBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 200;
    System.out.println("saved-query latency, " + runs + " runs each after 20 warm-up runs:");
    try (DemoDatabase database = DemoDatabase.start();
        SqlTarget target =
            new SqlTarget("supabase", new DatabaseConfig(database.jdbcUrl(), "opsbot_readonly", database.readOnlyPassword(), true))) {
      ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(target.dataSource(), QueryLimits.DEFAULT);
      List<Problem> problems = new ArrayList<>();
      SavedQueries saved =
          new ConfigLoader(Map.of()).loadSavedQueries(Path.of("commands/queries.yaml"), problems);
      SavedQueryCatalog catalog =
          SavedQueryCatalog.check(saved, "commands/queries.yaml", new SqlGuard(), java.util.Set.of("supabase"), problems);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(problems.toString());
      }
      Map<String, Map<String, String>> parameters =
          Map.of("tenant-customers", Map.of("tenant", "3"), "agent-failures", Map.of("agent", "PricingOptimizer"));
      System.out.printf(Locale.ROOT, "  %-26s %6s %8s %8s %8s%n", "query", "rows", "p50 ms", "p99 ms", "max ms");
      for (String name : catalog.names()) {
        SavedQueryCatalog.Prepared query = catalog.find(name).orElseThrow();
        List<Object> values = SavedQueryCatalog.bind(query, parameters.getOrDefault(name, Map.of()));
        for (int i = 0; i < 20; i++) {
          runner.run(query.statement(), values);
        }
        double[] millis = new double[runs];
        int rows = 0;
        for (int i = 0; i < runs; i++) {
          long start = System.nanoTime();
          QueryResult result = runner.run(query.statement(), values);
          millis[i] = (System.nanoTime() - start) / 1e6;
          rows = result.rows().size();
        }
        Arrays.sort(millis);
        System.out.printf(
            Locale.ROOT,
            "  %-26s %6d %8.2f %8.2f %8.2f%n",
            name,
            rows,
            millis[runs / 2],
            millis[(int) Math.ceil(runs * 0.99) - 1],
            millis[runs - 1]);
      }

      System.out.println("peak heap while a query runs (after GC, pools' peak reset):");
      SqlGuard guard = new SqlGuard();
      for (String sql :
          List.of(
              "SELECT g, md5(g::text) AS hash FROM generate_series(1, 10) g",
              "SELECT g, md5(g::text) AS hash FROM generate_series(1, 1000000) g",
              "SELECT c.*, j.* FROM customers c JOIN jobs j ON j.customer_id = c.id")) {
        SqlVerdict.Allowed allowed = (SqlVerdict.Allowed) guard.check(sql, false);
        for (int i = 0; i < 3; i++) {
          runner.run(allowed, List.of());
        }
        System.gc();
        long before = heapUsed();
        resetPeaks();
        long start = System.nanoTime();
        QueryResult result = runner.run(allowed, List.of());
        double took = (System.nanoTime() - start) / 1e6;
        long peak = heapPeak();
        System.out.printf(
            Locale.ROOT,
            "  %-70s fetched %5d%s in %7.1f ms, heap before %6.1f MiB, peak %6.1f MiB (+%5.1f)%n",
            sql,
            result.rows().size(),
            result.more() ? "+" : " ",
            took,
            before / 1048576.0,
            peak / 1048576.0,
            (peak - before) / 1048576.0);
      }
    }
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long heapUsed() {
    return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  private static void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long heapPeak() {
    return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }
}
