import dev.opsbot.admin.ProbeMetrics;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeKind;
import dev.opsbot.probe.ProbeListener;
import dev.opsbot.probe.ProbeResult;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import okhttp3.OkHttpClient;

/**
 * Probe fan-out benchmark: the real {@link ProbeEngine} and {@link HttpProbe#health} against a
 * {@code SlowFleet} on loopback whose services all answer after 200 ms.
 *
 * <ul>
 *   <li>{@code fanout}: for each N, fan-outs of N fresh probes; wall time of one over 200 ms
 *       (ideal 1.0), process CPU time and heap allocation per probe, results not UP. SlowFleet's
 *       own figures ({@code /stats}) show how the requests arrived there.
 *   <li>{@code rss}: the engine probing N targets in the background every interval, as the bot
 *       does; VmRSS and heap used sampled every few seconds. Run it in a JVM of its own, so the
 *       fan-out rounds do not leave their heap behind in the figure.
 * </ul>
 *
 * Usage: {@code java -cp target/opsbot.jar:CLASSES ProbeFanOutBench fanout|rss|machine --port P
 * [--sizes 10,100,1000] [--warmup 3] [--warmup-s 10] [--rounds 20] [--floor true] [--targets 1000] [--interval-s 10]
 * [--duration-s 60] [--sample-s 5]}. Also runs in source-file mode ({@code java -cp
 * target/opsbot.jar bench/ProbeFanOutBench.java ...}), but then javac shares the measured JVM.
 */
public final class ProbeFanOutBench {
  private static final long ANSWER_DELAY_MS = 200;

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    switch (options.mode) {
      case "machine" -> Machine.print();
      case "fanout" -> fanOut(options);
      case "rss" -> residentMemory(options);
      default -> throw new IllegalArgumentException("mode is machine, fanout or rss");
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- fan-out

  private static void fanOut(Options options) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    System.out.printf(
        "%nfan-out: per N, one cold fan-out, warm-up (at least %d fan-outs and %d s), then %d"
            + " measured fan-outs; fresh=true; every target answers after %d ms%n",
        options.warmup, options.warmupSeconds, options.rounds, ANSWER_DELAY_MS);
    List<Row> rows = new ArrayList<>();
    int floorN = Arrays.stream(options.sizes).max().orElseThrow();
    double[] floor = options.floor ? new double[options.rounds] : null;
    java.util.concurrent.ExecutorService bare =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    for (int n : options.sizes) {
      try (Bot bot = Bot.start(n, options.port, ProbeSettings.DEFAULT)) {
        List<ProbeKey> keys = bot.engine.keys(ProbeKind.SERVICE_HEALTH);
        // The first fan-out of an engine is reported on its own; in the first N it is also the
        // JVM's first. Then warm up for a time as well as a count: at N = 1000 the JIT keeps
        // compiling for a few dozen fan-outs (in SlowFleet too), and a bot runs warm.
        long coldStart = System.nanoTime();
        bot.engine.probe(keys, true);
        double cold = (System.nanoTime() - coldStart) / 1e6 / ANSWER_DELAY_MS;
        long coldNotUp = bot.notUp.get();
        long warmupEnd = System.nanoTime() + options.warmupSeconds * 1_000_000_000L;
        int warmups = 1;
        // At the largest N the bare client's fan-outs alternate with the engine's, warm-up
        // included, so both meet the same fleet warmth and the same machine noise.
        byte[][] bareRequests = floor != null && n == floorN ? bareRequests(n, options.port) : null;
        while (warmups < options.warmup || System.nanoTime() < warmupEnd) {
          bot.engine.probe(keys, true);
          warmups++;
          if (bareRequests != null) {
            bareFanOut(bare, bareRequests, options.port);
          }
        }
        double[] ratios = new double[options.rounds];
        double[] cpuPerProbe = new double[options.rounds];
        double[] spreads = new double[options.rounds];
        double[] fleetCpuPerRequest = new double[options.rounds];
        double[] allocatedPerProbe = new double[options.rounds];
        int mostAnswering = 0;
        long notUp = 0;
        List<Double> latencies = new ArrayList<>();
        for (int r = 0; r < options.rounds; r++) {
          if (bareRequests != null) {
            floor[r] = bareFanOut(bare, bareRequests, options.port) / 1e6 / ANSWER_DELAY_MS;
          }
          SlowFleet.stats(options.port); // start a fresh window on the server
          long allocatedBefore = threads.getTotalThreadAllocatedBytes();
          long cpuBefore = os.getProcessCpuTime();
          long start = System.nanoTime();
          Map<ProbeKey, ProbeResult> results = bot.engine.probe(keys, true);
          long wall = System.nanoTime() - start;
          long cpu = os.getProcessCpuTime() - cpuBefore;
          ratios[r] = wall / 1e6 / ANSWER_DELAY_MS;
          cpuPerProbe[r] = cpu / 1e6 / n;
          allocatedPerProbe[r] = (threads.getTotalThreadAllocatedBytes() - allocatedBefore) / 1024.0 / n;
          for (ProbeResult result : results.values()) {
            if (!result.isUp()) {
              notUp++;
            }
            if (result.latency() != null) {
              latencies.add(result.latency().toNanos() / 1e6);
            }
          }
          Map<String, Long> server = SlowFleet.stats(options.port);
          spreads[r] = server.getOrDefault("arrival_spread_us", -1L) / 1000.0;
          fleetCpuPerRequest[r] = server.getOrDefault("cpu_us", -1L) / 1000.0 / n;
          mostAnswering = Math.max(mostAnswering, server.getOrDefault("most_answering", 0L).intValue());
        }
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        rows.add(
            new Row(
                n,
                median(ratios),
                max(ratios),
                median(cpuPerProbe),
                max(cpuPerProbe),
                median(allocatedPerProbe),
                notUp,
                options.rounds,
                percentile(lat, 0.50),
                percentile(lat, 0.99),
                lat[lat.length - 1],
                cold,
                coldNotUp,
                warmups,
                median(spreads),
                mostAnswering,
                median(fleetCpuPerRequest)));
        System.out.printf(
            Locale.ROOT, "N=%d wall/200ms of each measured fan-out: %s%n", n, formatAll(ratios));
        if (bot.notUp.get() > 0) {
          System.out.printf(
              "N=%d not UP, cold and warm-up fan-outs included: %d%s%n",
              n, bot.notUp.get(), bot.reasons());
        }
      }
    }
    System.out.println();
    System.out.println(
        "| N | wall / 200 ms, median | worst | CPU ms per probe, median | worst"
            + " | KiB allocated per probe | not UP |");
    System.out.println("|--:|--:|--:|--:|--:|--:|--:|");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %.3f | %.3f | %.3f | %.3f | %.1f | %d of %d |%n",
          r.n, r.ratioMedian, r.ratioWorst, r.cpuMedian, r.cpuWorst, r.allocatedKib, r.notUp,
          (long) r.n * r.rounds);
    }
    System.out.println();
    System.out.println(
        "| N | probe latency ms p50 / p99 / max | cold fan-out wall / 200 ms (not UP)"
            + " | warm-up fan-outs | fleet: arrival spread ms | fleet: most answering at once"
            + " | fleet: CPU ms per request |");
    System.out.println("|--:|--:|--:|--:|--:|--:|--:|");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f / %.1f / %.1f | %.2f (%d) | %d | %.1f | %d | %.3f |%n",
          r.n, r.latencyP50, r.latencyP99, r.latencyMax, r.cold, r.coldNotUp, r.warmups,
          r.fleetSpreadMs, r.fleetMostAnswering, r.fleetCpuMs);
    }
    if (floor != null) {
      System.out.printf(
          Locale.ROOT,
          "%nfloor: fan-outs of %d from a bare client (a socket per request on a virtual thread;"
              + " no OkHttp, no engine), alternated with the engine's: wall / 200 ms median %.3f,"
              + " worst %.3f%n",
          floorN,
          median(floor),
          max(floor));
    }
    bare.close();
  }

  /**
   * Requests for a bare client: what this machine and SlowFleet allow with the least client there
   * is. The engine's figure minus this one is the engine's share.
   */
  private static byte[][] bareRequests(int n, int port) {
    byte[][] requests = new byte[n + 1][];
    for (int i = 1; i <= n; i++) {
      requests[i] =
          String.format(
                  "GET /svc-%04d/health HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
                  i, port)
              .getBytes(StandardCharsets.US_ASCII);
    }
    return requests;
  }

  /** One bare fan-out: every request on its own connection at once; returns its wall nanos. */
  private static long bareFanOut(
      java.util.concurrent.ExecutorService executor, byte[][] requests, int port)
      throws Exception {
    long start = System.nanoTime();
    List<java.util.concurrent.Future<Boolean>> answers = new ArrayList<>(requests.length);
    for (int i = 1; i < requests.length; i++) {
      byte[] request = requests[i];
      answers.add(
          executor.submit(
              () -> {
                try (var socket = new java.net.Socket("127.0.0.1", port)) {
                  socket.getOutputStream().write(request);
                  String answer =
                      new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                  return answer.startsWith("HTTP/1.1 200") && answer.contains("healthy");
                }
              }));
    }
    int bad = 0;
    for (var answer : answers) {
      bad += answer.get() ? 0 : 1;
    }
    long wall = System.nanoTime() - start;
    if (bad > 0) {
      throw new IllegalStateException(bad + " bare requests were not answered healthy");
    }
    return wall;
  }

  /** One N's figures: medians and worst over the measured fan-outs. */
  private record Row(
      int n,
      double ratioMedian,
      double ratioWorst,
      double cpuMedian,
      double cpuWorst,
      double allocatedKib,
      long notUp,
      int rounds,
      double latencyP50,
      double latencyP99,
      double latencyMax,
      double cold,
      long coldNotUp,
      int warmups,
      double fleetSpreadMs,
      int fleetMostAnswering,
      double fleetCpuMs) {}

  // ---------------------------------------------------------------- resident memory

  private static void residentMemory(Options options) throws Exception {
    ProbeSettings settings =
        new ProbeSettings(
            Duration.ofSeconds(options.intervalSeconds), null, null, null, null, null, null, null,
            null);
    System.out.printf(
        "%nresident memory: %d targets probed every %d s for %d s, sampled every %d s%n",
        options.targets, options.intervalSeconds, options.durationSeconds, options.sampleSeconds);
    System.out.printf("  JVM arguments: %s%n", ManagementFactory.getRuntimeMXBean().getInputArguments());
    List<Sample> samples = new ArrayList<>();
    try (Bot bot = Bot.start(options.targets, options.port, settings)) {
      Sample idle = Sample.take(0, bot.results.get(), bot.notUp.get());
      System.out.printf("  before probing: %s%n", idle);
      long start = System.nanoTime();
      bot.engine.startBackground();
      long end = start + options.durationSeconds * 1_000_000_000L;
      for (long next = start + options.sampleSeconds * 1_000_000_000L;
          next <= end;
          next += options.sampleSeconds * 1_000_000_000L) {
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        Sample sample =
            Sample.take((System.nanoTime() - start) / 1_000_000_000.0, bot.results.get(), bot.notUp.get());
        samples.add(sample);
        System.out.printf("  %s%n", sample);
      }
      // Let a round in flight finish: closing the engine mid-round logs an error per round and a
      // stack trace per interrupted probe (reported as a finding, not what this phase measures).
      // A round due at the very end (duration a multiple of the interval) gets a second to start.
      Thread.sleep(1000);
      long settle = System.nanoTime() + options.intervalSeconds * 1_000_000_000L;
      while (bot.results.get() % options.targets != 0 && System.nanoTime() < settle) {
        Thread.sleep(50);
      }
      long results = bot.results.get();
      if (bot.firstRoundDoneNanos.get() == 0) {
        System.out.printf("%n  first round (cold JVM): did not complete%n");
      } else {
        long firstRoundNanos = bot.firstRoundDoneNanos.get() - start;
        System.out.printf(
            Locale.ROOT,
            "%n  first round (cold JVM): %.0f ms = %.2f x 200 ms, not UP %d of %d%n",
            firstRoundNanos / 1e6,
            firstRoundNanos / 1e6 / ANSWER_DELAY_MS,
            bot.firstRoundNotUp.get(),
            options.targets);
      }
      System.out.printf(
          Locale.ROOT,
          "  VmRSS MiB      min %7.1f  median %7.1f  max %7.1f%n"
              + "  heap used MiB  min %7.1f  median %7.1f  max %7.1f%n"
              + "  heap committed MiB max %.1f; results %d (%.1f rounds of %d), not UP %d%n",
          stat(samples, s -> s.rssKib / 1024.0, 0.0),
          stat(samples, s -> s.rssKib / 1024.0, 0.5),
          stat(samples, s -> s.rssKib / 1024.0, 1.0),
          stat(samples, s -> s.heapUsed / 1048576.0, 0.0),
          stat(samples, s -> s.heapUsed / 1048576.0, 0.5),
          stat(samples, s -> s.heapUsed / 1048576.0, 1.0),
          stat(samples, s -> s.heapCommitted / 1048576.0, 1.0),
          results,
          results / (double) options.targets,
          options.targets,
          bot.notUp.get());
      if (bot.notUp.get() > 0) {
        System.out.printf("  not UP reasons:%s%n", bot.reasons());
      }
    }
  }

  private record Sample(
      double seconds, long rssKib, long heapUsed, long heapCommitted, int threads, long results, long notUp) {
    static Sample take(double seconds, long results, long notUp) throws IOException {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      return new Sample(
          seconds,
          statusKib("VmRSS"),
          heap.getUsed(),
          heap.getCommitted(),
          ManagementFactory.getThreadMXBean().getThreadCount(),
          results,
          notUp);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "t=%5.1fs rss=%6.1f MiB heap_used=%6.1f MiB heap_committed=%6.1f MiB"
              + " platform_threads=%d results=%d not_up=%d",
          seconds,
          rssKib / 1024.0,
          heapUsed / 1048576.0,
          heapCommitted / 1048576.0,
          threads,
          results,
          notUp);
    }
  }

  private static long statusKib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- the bot, wired as Opsbot does

  /** The probing part of {@code dev.opsbot.Opsbot}: one OkHttpClient, health probes, metrics. */
  private static final class Bot implements AutoCloseable {
    final ProbeEngine engine;
    final OkHttpClient http;
    final AtomicLong results;
    final AtomicLong notUp;
    final Map<String, AtomicLong> notUpReasons;
    /** When the first n results were in, and how many of them were not UP. */
    final AtomicLong firstRoundDoneNanos;
    final AtomicLong firstRoundNotUp;

    private Bot(
        ProbeEngine engine,
        OkHttpClient http,
        AtomicLong results,
        AtomicLong notUp,
        Map<String, AtomicLong> notUpReasons,
        AtomicLong firstRoundDoneNanos,
        AtomicLong firstRoundNotUp) {
      this.engine = engine;
      this.http = http;
      this.results = results;
      this.notUp = notUp;
      this.notUpReasons = notUpReasons;
      this.firstRoundDoneNanos = firstRoundDoneNanos;
      this.firstRoundNotUp = firstRoundNotUp;
    }

    /** Why probes were not UP, digits and URLs folded so alike reasons count together. */
    String reasons() {
      return notUpReasons.isEmpty() ? "" : " " + new java.util.TreeMap<>(notUpReasons);
    }

    static Bot start(int n, int port, ProbeSettings settings) {
      Clock clock = Clock.systemUTC();
      OkHttpClient http = new OkHttpClient.Builder().build();
      List<Probe> probes = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        probes.add(HttpProbe.health(service(i, port), settings, http, clock));
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      ProbeMetrics metrics = new ProbeMetrics(registry);
      AtomicLong results = new AtomicLong();
      AtomicLong notUp = new AtomicLong();
      Map<String, AtomicLong> reasons = new java.util.concurrent.ConcurrentHashMap<>();
      AtomicLong firstRoundDone = new AtomicLong();
      AtomicLong firstRoundNotUp = new AtomicLong();
      // The bot's own listener (Prometheus metrics) plus two counters for the report.
      ProbeListener counting =
          result -> {
            metrics.onResult(result);
            boolean notUpNow = !result.isUp();
            if (notUpNow) {
              notUp.incrementAndGet();
            }
            if (results.incrementAndGet() == n) {
              firstRoundDone.set(System.nanoTime());
              firstRoundNotUp.set(notUp.get());
            }
            if (notUpNow) {
              String reason =
                  result.status() + ": " + result.reason().replaceAll("http://\\S*", "URL").replaceAll("\\d+", "#");
              reasons.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
            }
          };
      return new Bot(
          new ProbeEngine(probes, settings, clock, counting),
          http,
          results,
          notUp,
          reasons,
          firstRoundDone,
          firstRoundNotUp);
    }

    @Override
    public void close() {
      engine.close();
      http.connectionPool().evictAll();
    }
  }

  private static ServiceConfig service(int i, int port) {
    String id = String.format("svc-%04d", i);
    return new ServiceConfig(
        id, null, null, "http://127.0.0.1:" + port + "/" + id, null, null, null, null, null, null,
        null, null, null);
  }

  // ---------------------------------------------------------------- options

  private static final class Options {
    String mode;
    int port = -1;
    int[] sizes = {10, 100, 1000};
    int warmup = 3;
    long warmupSeconds = 10;
    int rounds = 20;
    boolean floor = true;
    int targets = 1000;
    long intervalSeconds = 10;
    long durationSeconds = 60;
    long sampleSeconds = 5;

    static Options parse(String[] args) {
      Options o = new Options();
      if (args.length == 0) {
        throw new IllegalArgumentException("usage: ProbeFanOutBench machine|fanout|rss --port P ...");
      }
      o.mode = args[0];
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--port" -> o.port = Integer.parseInt(value);
          case "--sizes" -> o.sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
          case "--warmup" -> o.warmup = Integer.parseInt(value);
          case "--warmup-s" -> o.warmupSeconds = Long.parseLong(value);
          case "--rounds" -> o.rounds = Integer.parseInt(value);
          case "--floor" -> o.floor = Boolean.parseBoolean(value);
          case "--targets" -> o.targets = Integer.parseInt(value);
          case "--interval-s" -> o.intervalSeconds = Long.parseLong(value);
          case "--duration-s" -> o.durationSeconds = Long.parseLong(value);
          case "--sample-s" -> o.sampleSeconds = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (!o.mode.equals("machine") && o.port <= 0) {
        throw new IllegalArgumentException("--port of a running SlowFleet is required");
      }
      return o;
    }
  }

  // ---------------------------------------------------------------- statistics

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double stat(List<Sample> samples, ToDoubleFunction<Sample> f, double p) {
    double[] values = samples.stream().mapToDouble(f).sorted().toArray();
    return p == 0.5 ? median(values) : percentile(values, Math.max(p, 1e-9));
  }

  private static String formatAll(double[] values) {
    StringBuilder text = new StringBuilder();
    for (double v : values) {
      text.append(String.format(Locale.ROOT, "%.3f ", v));
    }
    return text.toString().trim();
  }
}
