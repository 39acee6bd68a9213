import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of slow services on loopback for the probe benchmarks: every path answers a healthy
 * {@code /health} body after a fixed delay, so {@code /svc-0001/health} ... {@code
 * /svc-1000/health} are a thousand services behind one port. Runs as its own process so its CPU
 * and memory stay out of the bot's figures.
 *
 * <p>{@code GET /stats} answers what the server saw since the previous {@code /stats} (requests,
 * most answering at once, spread of arrivals) and starts a new window; the benchmark uses it to
 * tell a slow client from a slow server.
 *
 * <p>Usage: {@code java bench/SlowFleet.java [--port 0] [--delay-ms 200] [--port-file F]
 * [--max-seconds 600]}. Binds 127.0.0.1 only and exits by itself after {@code --max-seconds}.
 */
public final class SlowFleet {
  private static final byte[] HEALTHY =
      "{\"status\":\"healthy\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private final long delayMillis;
  private final AtomicInteger answering = new AtomicInteger();
  private final AtomicInteger mostAnswering = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong cpuAtWindowStart = new AtomicLong(processCpuNanos());

  private SlowFleet(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    long delayMillis = 200;
    long maxSeconds = 600;
    Path portFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--delay-ms" -> delayMillis = Long.parseLong(args[++i]);
        case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
        case "--port-file" -> portFile = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    // A real service does not hold its answer back for Nagle; neither should the stand-in.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    SlowFleet fleet = new SlowFleet(delayMillis);
    // The backlog is capped by net.core.somaxconn; 4096 covers a 1000-probe burst.
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/stats", fleet::stats);
    server.createContext("/", fleet::answer);
    server.start();
    int bound = server.getAddress().getPort();
    if (portFile != null) {
      Path partial = Path.of(portFile + ".tmp");
      Files.writeString(partial, Integer.toString(bound));
      Files.move(partial, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.printf(
        "slow-fleet listening=127.0.0.1:%d delay_ms=%d max_seconds=%d%n",
        bound, delayMillis, maxSeconds);
    Thread.sleep(maxSeconds * 1000);
    System.out.println("slow-fleet stopping: --max-seconds reached");
    server.stop(0);
    System.exit(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    firstArrival.accumulateAndGet(now, Math::min);
    lastArrival.accumulateAndGet(now, Math::max);
    int current = answering.incrementAndGet();
    mostAnswering.accumulateAndGet(current, Math::max);
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      Thread.sleep(delayMillis);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, HEALTHY.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(HEALTHY);
      }
      served.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      answering.decrementAndGet();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void stats(HttpExchange exchange) throws IOException {
    long first = firstArrival.getAndSet(Long.MAX_VALUE);
    long last = lastArrival.getAndSet(Long.MIN_VALUE);
    long spreadMicros = first == Long.MAX_VALUE ? -1 : (last - first) / 1000;
    long cpu = processCpuNanos();
    long cpuMicros = (cpu - cpuAtWindowStart.getAndSet(cpu)) / 1000;
    String json =
        "{\"served\":%d,\"most_answering\":%d,\"arrival_spread_us\":%d,\"cpu_us\":%d}"
            .formatted(served.getAndSet(0), mostAnswering.getAndSet(0), spreadMicros, cpuMicros);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static final java.util.regex.Pattern STATS_NUMBER =
      java.util.regex.Pattern.compile("\"(\\w+)\":(-?\\d+)");

  /** What a running SlowFleet saw since the last call, from its {@code /stats}. */
  static Map<String, Long> stats(int port) throws IOException {
    try (InputStream in = URI.create("http://127.0.0.1:" + port + "/stats").toURL().openStream()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Long> values = new java.util.HashMap<>();
      java.util.regex.Matcher m = STATS_NUMBER.matcher(body);
      while (m.find()) {
        values.put(m.group(1), Long.parseLong(m.group(2)));
      }
      return values;
    }
  }
}
