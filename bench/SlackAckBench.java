import com.slack.api.app_backend.SlackSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.opsbot.chat.slack.SlackBot;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeListener;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * Slack HTTP-mode ack latency: bursts of concurrent, signed {@code /health} slash commands (no
 * {@code --fresh}) to the bot's {@code /slack/events}, timed from the client's side until the
 * HTTP 200 acknowledgement has arrived.
 *
 * <p>The bot is wired as {@code dev.opsbot.Opsbot} wires it for /health: the real {@link
 * ProbeEngine} with default {@link ProbeSettings} and background probing, {@link HealthCommand},
 * {@link CommandRouter}, and {@link SlackBot#start} in HTTP mode on port 0. A {@code SlowFleet}
 * (its own process) stands in for the services; a JDK {@code HttpServer} in this process stands in
 * for Slack's Web API ({@code users.info}) and for the response_url. Everything is on 127.0.0.1.
 *
 * <p>Per fleet size: warm-up bursts for a while, then measured bursts a pause apart: {@code
 * --concurrency} virtual threads, released together by a latch, each sending one request on one
 * shared {@link HttpClient}. Rounds span more than the engine's 15 s freshness, so some of them
 * find the cache stale and wait for a fan-out; the fleet's {@code /stats} tells those apart.
 *
 * <p>Usage: {@code java -cp target/opsbot.jar:CLASSES SlackAckBench machine | run --port P
 * [--sizes 6,1000] [--concurrency 50] [--rounds 30] [--pause-ms 1500] [--warmup-s 20]}.
 */
public final class SlackAckBench {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final List<String> DEMO_SERVICES =
      List.of("ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.mode.equals("machine")) {
      Machine.print();
    } else {
      run(options);
    }
    System.exit(0);
  }

  private static void run(Options options) throws Exception {
    System.out.printf(
        "%nslack ack: per fleet size, %d s of warm-up bursts, then %d bursts %d ms apart of %d"
            + " concurrent signed /health (no --fresh) to /slack/events; time to the HTTP 200 ack"
            + " from the client%n",
        options.warmupSeconds, options.rounds, options.pauseMillis, options.concurrency);
    List<String[]> table = new ArrayList<>();
    try (SlackStandIn slack = SlackStandIn.start()) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      for (int n : options.sizes) {
        table.addAll(measure(n, options, slack, client));
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "  %-6s %-16s %8s %8s %8s %8s %8s %12s %14s %12s%n",
        "N", "rounds", "requests", "p50 ms", "p99 ms", "max ms", "not 200", "in the ack",
        "response_url", "late p50 ms");
    for (String[] row : table) {
      System.out.printf(
          Locale.ROOT, "  %-6s %-16s %8s %8s %8s %8s %8s %12s %14s %12s%n", (Object[]) row);
    }
  }

  private static List<String[]> measure(int n, Options options, SlackStandIn slack, HttpClient client)
      throws Exception {
    Clock clock = Clock.systemUTC();
    OkHttpClient http = new OkHttpClient.Builder().build();
    List<Probe> probes = new ArrayList<>();
    List<String> ids = n == DEMO_SERVICES.size() ? DEMO_SERVICES : numbered(n);
    for (String id : ids) {
      probes.add(HttpProbe.health(service(id, options.port), ProbeSettings.DEFAULT, http, clock));
    }
    ProbeEngine engine = new ProbeEngine(probes, ProbeSettings.DEFAULT, clock, ProbeListener.NONE);
    CommandRouter router = CommandRouter.withHelp(List.of(new HealthCommand(engine, clock)));
    SlackSettings settings =
        SlackSettings.fromEnvironment(
                Map.of(
                    "SLACK_BOT_TOKEN", "xoxb-bench-token-0000",
                    "SLACK_SIGNING_SECRET", SECRET,
                    "SLACK_HTTP_PORT", "0",
                    "SLACK_API_URL", slack.url("/api/")))
            .orElseThrow();
    SlackBot bot = SlackBot.start(settings, router);
    engine.startBackground();
    URI events = URI.create("http://127.0.0.1:" + bot.httpPort() + "/slack/events");
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      long warmupEnd = System.nanoTime() + options.warmupSeconds * 1_000_000_000L;
      int warmups = 0;
      while (System.nanoTime() < warmupEnd) {
        burst(threads, client, events, slack, options.concurrency, "w" + n + "-" + warmups++);
        Thread.sleep(200);
      }
      slack.awaitResponses(Duration.ofSeconds(30));
      slack.reset();
      SlowFleet.stats(options.port);
      List<Sent> cached = new ArrayList<>();
      List<Sent> probing = new ArrayList<>();
      int probingRounds = 0;
      long usersInfoBefore = slack.usersInfo.get();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      for (int r = 0; r < options.rounds; r++) {
        List<Sent> sent = burst(threads, client, events, slack, options.concurrency, "m" + n + "-" + r);
        long served = SlowFleet.stats(options.port).getOrDefault("served", 0L);
        if (served > 0) {
          probing.addAll(sent);
          probingRounds++;
          double[] round = sent.stream().mapToDouble(Sent::ackMillis).sorted().toArray();
          System.out.printf(
              Locale.ROOT,
              "  N=%d round %d overlapped a fan-out (fleet served %d): ack p50 %.1f ms, max %.1f"
                  + " ms, %d of %d answers in the ack%n",
              n, r, served, percentile(round, 0.5), round[round.length - 1],
              sent.stream().filter(Sent::inAck).count(), sent.size());
        } else {
          cached.addAll(sent);
        }
        Thread.sleep(options.pauseMillis);
      }
      long cpu = os.getProcessCpuTime() - cpuBefore;
      slack.awaitResponses(Duration.ofSeconds(30));
      System.out.printf(
          Locale.ROOT,
          "N=%d: %d warm-up bursts; %d measured bursts, %d of them overlapped a probe fan-out;"
              + " users.info calls while measuring %d; bot-process CPU %.2f ms per request;"
              + " ack body %d chars (largest); response_url posts expected %d, received %d%n",
          n, warmups, options.rounds, probingRounds, slack.usersInfo.get() - usersInfoBefore,
          cpu / 1e6 / (options.rounds * options.concurrency),
          java.util.stream.Stream.concat(cached.stream(), probing.stream()).mapToInt(Sent::ackBytes).max().orElse(0),
          slack.expected.size(),
          slack.received.size());
      List<Sent> all = new ArrayList<>(cached);
      all.addAll(probing);
      List<String[]> rows = new ArrayList<>();
      rows.add(row(n, "all " + options.rounds, all, slack));
      rows.add(row(n, "cached " + (options.rounds - probingRounds), cached, slack));
      rows.add(row(n, "with fan-out " + probingRounds, probing, slack));
      return rows;
    } finally {
      threads.shutdownNow();
      bot.close();
      engine.close();
      http.connectionPool().evictAll();
    }
  }

  /** One request's outcome: time to the ack, status, and whether the answer came in the ack. */
  private record Sent(String id, long startNanos, double ackMillis, int status, boolean inAck, int ackBytes) {}

  private static List<Sent> burst(
      ExecutorService threads, HttpClient client, URI events, SlackStandIn slack, int concurrency,
      String tag)
      throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long now = System.currentTimeMillis() / 1000;
    for (int i = 0; i < concurrency; i++) {
      String id = tag + "-" + i;
      String body = slashCommand(String.format("U%04d", i), slack.url("/respond/" + id));
      String signature = new SlackSignature.Generator(SECRET).generate(Long.toString(now), body);
      requests.add(
          HttpRequest.newBuilder(events)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Slack-Request-Timestamp", Long.toString(now))
              .header("X-Slack-Signature", signature)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build());
      ids.add(id);
    }
    CountDownLatch ready = new CountDownLatch(concurrency);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Sent>> futures = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      HttpRequest request = requests.get(i);
      String id = ids.get(i);
      futures.add(
          threads.submit(() -> {
            ready.countDown();
            go.await();
            long start = System.nanoTime();
            HttpResponse<String> ack;
            try {
              ack = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
              return new Sent(id, start, (System.nanoTime() - start) / 1e6, -1, false, 0);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            boolean inAck = !ack.body().isBlank();
            if (ack.statusCode() == 200 && !inAck) {
              slack.expected.put(id, start);
            }
            return new Sent(id, start, millis, ack.statusCode(), inAck, ack.body().length());
          }));
    }
    ready.await();
    go.countDown();
    List<Sent> sent = new ArrayList<>();
    for (Future<Sent> f : futures) {
      sent.add(f.get());
    }
    return sent;
  }

  private static String[] row(int n, String label, List<Sent> sent, SlackStandIn slack) {
    if (sent.isEmpty()) {
      return new String[] {Integer.toString(n), label, "0", "-", "-", "-", "-", "-", "-", "-"};
    }
    double[] millis = sent.stream().mapToDouble(Sent::ackMillis).sorted().toArray();
    long notOk = sent.stream().filter(s -> s.status() != 200).count();
    long inAck = sent.stream().filter(Sent::inAck).count();
    List<Double> late = new ArrayList<>();
    long viaUrl = 0;
    for (Sent s : sent) {
      if (s.status() == 200 && !s.inAck()) {
        viaUrl++;
        Long at = slack.received.get(s.id());
        if (at != null) {
          late.add((at - s.startNanos()) / 1e6);
        }
      }
    }
    late.sort(null);
    return new String[] {
      Integer.toString(n),
      label,
      Integer.toString(millis.length),
      fmt(percentile(millis, 0.50)),
      fmt(percentile(millis, 0.99)),
      fmt(millis[millis.length - 1]),
      Long.toString(notOk),
      Long.toString(inAck),
      viaUrl + " (" + late.size() + " arrived)",
      late.isEmpty() ? "-" : fmt(late.get(late.size() / 2))
    };
  }

  /** Nearest rank, as in SqlBench. */
  private static double percentile(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
  }

  private static String fmt(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  /** A slash command as Slack posts it: form-encoded, one distinct user per concurrent slot. */
  private static String slashCommand(String userId, String responseUrl) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", "legacy");
    fields.put("team_id", "T0001");
    fields.put("team_domain", "brainops");
    fields.put("channel_id", "C0OPS");
    fields.put("channel_name", "ops");
    fields.put("user_id", userId);
    fields.put("user_name", userId.toLowerCase(Locale.ROOT));
    fields.put("command", "/health");
    fields.put("text", "");
    fields.put("api_app_id", "A0001");
    fields.put("is_enterprise_install", "false");
    fields.put("response_url", responseUrl);
    fields.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
    StringBuilder body = new StringBuilder();
    fields.forEach((name, value) ->
        body.append(body.isEmpty() ? "" : "&")
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return body.toString();
  }

  private static List<String> numbered(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(String.format("svc-%04d", i));
    }
    return ids;
  }

  private static ServiceConfig service(String id, int port) {
    return new ServiceConfig(
        id, null, null, "http://127.0.0.1:" + port + "/" + id, null, null, null, null, null, null,
        null, null, null);
  }

  // ---------------------------------------------------------------- Slack stand-in

  /** Slack's Web API ({@code users.info}) and the response_url, on 127.0.0.1 in this process. */
  private static final class SlackStandIn implements AutoCloseable {
    final HttpServer server;
    final AtomicLong usersInfo = new AtomicLong();
    /** Requests acknowledged without an answer: id to send time. */
    final Map<String, Long> expected = new ConcurrentHashMap<>();
    /** response_url posts: id to arrival time. */
    final Map<String, Long> received = new ConcurrentHashMap<>();

    private SlackStandIn(HttpServer server) {
      this.server = server;
    }

    static SlackStandIn start() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      SlackStandIn standIn = new SlackStandIn(server);
      server.createContext("/api/", standIn::api);
      server.createContext("/respond/", standIn::respond);
      server.start();
      return standIn;
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void api(HttpExchange exchange) throws IOException {
      exchange.getRequestBody().readAllBytes();
      String body;
      if (exchange.getRequestURI().getPath().endsWith("/users.info")) {
        usersInfo.incrementAndGet();
        body =
            "{\"ok\":true,\"user\":{\"id\":\"U0ONCALL\",\"name\":\"olga\",\"real_name\":\"Olga"
                + " Petrova\",\"profile\":{\"display_name\":\"olga\"}}}";
      } else {
        body = "{\"ok\":true}";
      }
      send(exchange, body);
    }

    private void respond(HttpExchange exchange) throws IOException {
      long at = System.nanoTime();
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      received.put(path.substring(path.lastIndexOf('/') + 1), at);
      send(exchange, "{\"ok\":true}");
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }

    void awaitResponses(Duration limit) throws InterruptedException {
      long end = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < end && !received.keySet().containsAll(expected.keySet())) {
        Thread.sleep(50);
      }
    }

    void reset() {
      expected.clear();
      received.clear();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  // ---------------------------------------------------------------- fleet stats, machine, options

      private static final class Options {
    String mode;
    int port = -1;
    int[] sizes = {6, 1000};
    int concurrency = 50;
    int rounds = 30;
    long pauseMillis = 1500;
    long warmupSeconds = 20;

    static Options parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("usage: SlackAckBench machine|run --port P ...");
      }
      Options o = new Options();
      o.mode = args[0];
      for (int i = 1; i < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--port" -> o.port = Integer.parseInt(value);
          case "--sizes" -> o.sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
          case "--concurrency" -> o.concurrency = Integer.parseInt(value);
          case "--rounds" -> o.rounds = Integer.parseInt(value);
          case "--pause-ms" -> o.pauseMillis = Long.parseLong(value);
          case "--warmup-s" -> o.warmupSeconds = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (!o.mode.equals("machine") && !o.mode.equals("run")) {
        throw new IllegalArgumentException("mode is machine or run");
      }
      if (o.mode.equals("run") && o.port <= 0) {
        throw new IllegalArgumentException("--port of a running SlowFleet is required");
      }
      return o;
    }
  }
}
