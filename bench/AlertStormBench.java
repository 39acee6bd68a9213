import com.sun.net.httpserver.HttpServer;
import dev.opsbot.alert.AlertBoard;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.RuleEvaluator;
import dev.opsbot.alert.Runbooks;
import dev.opsbot.chat.slack.SlackOutboxSender;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.config.AlertCondition;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.state.EmbeddedStateServer;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert storm: N services go down at once. Measures the evaluation alone (rules over results, in
 * memory), the alert desk (evaluation, PostgreSQL state, outbox) for the round that opens the
 * alerts and the round that fires them, how many Slack calls the storm becomes, and the time until
 * all are delivered with Slack's per-channel pacing (a local stand-in for the Web API).
 *
 * <p>Usage: {@code java -cp target/opsbot.jar:CLASSES AlertStormBench [--services 1000]}.
 */
public final class AlertStormBench {
  /** The real clock plus an offset the benchmark moves forward past holdFor. */
  static final class ShiftedClock extends Clock {
    final AtomicLong offsetMillis = new AtomicLong();

    @Override
    public Instant instant() {
      return Instant.now().plusMillis(offsetMillis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> argList = List.of(args);
    int at = argList.indexOf("--services");
    int services = at >= 0 ? Integer.parseInt(argList.get(at + 1)) : 1000;
    // --depends-on-database: every service depends on the database "db", which goes down too.
    boolean dependencies = argList.contains("--depends-on-database");
    AlertRule down =
        new AlertRule(
            "service-down",
            "{service} is down: {reason}",
            new AlertCondition("DOWN", null, null, null, null, null),
            dev.opsbot.config.Severity.CRITICAL,
            Duration.ofSeconds(90),
            Duration.ofMinutes(2),
            null,
            "service-not-responding",
            Duration.ofMinutes(30),
            Duration.ofMinutes(10),
            List.of());
    AlertRules rules =
        new AlertRules(
            new AlertDefaults(null, null, null, null, Duration.ofMinutes(2)),
            Map.of("critical", "#ops-critical"),
            List.of(down),
            new AlertEscalation("<!subteam^S0ONCALL>", List.of()));

    evaluationOnly(rules, services);

    Map<String, AtomicInteger> slackCalls = new ConcurrentHashMap<>();
    AtomicLong lastCallNanos = new AtomicLong();
    HttpServer slack = fakeSlack(slackCalls, lastCallNanos);
    Path data = Files.createTempDirectory("opsbot-storm");
    ShiftedClock clock = new ShiftedClock();
    try (EmbeddedStateServer server = EmbeddedStateServer.start(data);
        StateDatabase state = new StateDatabase(server.jdbcUrl(), server.user(), server.password().reveal())) {
      OutboxStore outbox = new OutboxStore(state);
      SlackSettings settings =
          SlackSettings.fromEnvironment(
                  Map.of(
                      "SLACK_BOT_TOKEN", "xoxb-bench-0000",
                      "SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5",
                      "SLACK_API_URL", "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/"))
              .orElseThrow();
      OutboxWorker worker = new OutboxWorker(outbox, SlackOutboxSender.of(settings), clock);
      AlertDesk desk =
          new AlertDesk(
              rules,
              Runbooks.in(Path.of("alerts/runbooks")),
              new AlertStore(state),
              outbox,
              new AlertMessages(ZoneOffset.UTC),
              new dev.opsbot.alert.Escalation(
                  dev.opsbot.alert.EscalationPolicies.singlePage(rules),
                  dev.opsbot.oncall.OnCallRoster.of(
                      dev.opsbot.config.OnCallConfig.NONE, dev.opsbot.oncall.OverrideSource.NONE),
                  false),
              dependencies ? allOnDatabase(services) : DependencyGraph.of(Map.of()),
              clock,
              new AlertDesk.Settings(Duration.ofSeconds(1), Duration.ofMinutes(5)),
              worker::wake);
      desk.start();
      worker.start(Duration.ofMillis(200));

      long opened = timeRound(desk, clock, services, dependencies);
      clock.offsetMillis.addAndGet(91_000);
      long startDelivery = System.nanoTime();
      firstPostNanos.set(0);
      long fired = timeRound(desk, clock, services, dependencies);
      System.out.printf(
          Locale.ROOT,
          "alert desk (evaluation + PostgreSQL state + outbox), %d services DOWN:%n"
              + "  round 1 (opens %d pending alerts):  %7.0f ms%n"
              + "  round 2 (fires %d alerts):          %7.0f ms%n",
          services, services, opened / 1e6, services, fired / 1e6);

      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long pending;
      while ((pending = outbox.counts().pending()) > 0 || firingCount(desk) < services) {
        desk.drain();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(pending + " messages still pending after 10 min");
        }
        Thread.sleep(100);
      }
      Thread.sleep(1500); // the last pass's calls settle
      long total = slackCalls.values().stream().mapToInt(AtomicInteger::get).sum();
      System.out.printf(
          Locale.ROOT,
          "delivery through the outbox to Slack (1 message/s per channel, as Slack asks):%n"
              + "  outbox rows: %s%n"
              + "  Slack calls: %d (%s)%n"
              + "  first chat.postMessage %.2f s after the firing round began%n"
              + "  all delivered %.1f s after the firing round began%n",
          outboxRows(state),
          total,
          slackCalls,
          (firstPostNanos.get() - startDelivery) / 1e9,
          (lastCallNanos.get() - startDelivery) / 1e9);
      desk.close();
      worker.close();
    } finally {
      slack.stop(0);
    }
  }

  /** The rules alone: N results through RuleEvaluator, no database, no chat. */
  private static void evaluationOnly(AlertRules rules, int services) {
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 20; run++) {
      Clock clock = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
      RuleEvaluator evaluator = new RuleEvaluator(rules, new AlertBoard(), clock);
      List<ProbeResult> results = results(services, clock.instant());
      long start = System.nanoTime();
      int events = 0;
      for (ProbeResult result : results) {
        events += evaluator.evaluate(result).size();
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e6);
      if (events != services) {
        throw new IllegalStateException(events + " events for " + services + " results");
      }
    }
    System.out.printf(
        Locale.ROOT, "rule evaluation alone, %d DOWN results: %.2f ms (best of 20)%n", services, best);
  }

  static final AtomicLong firstPostNanos = new AtomicLong();

  private static DependencyGraph allOnDatabase(int services) {
    Map<String, List<String>> edges = new java.util.LinkedHashMap<>();
    for (int i = 0; i < services; i++) {
      edges.put(String.format(Locale.ROOT, "svc-%04d", i), List.of("db"));
    }
    return DependencyGraph.of(edges);
  }

  private static long timeRound(AlertDesk desk, Clock clock, int services, boolean database) {
    List<ProbeResult> results = new ArrayList<>();
    if (database) {
      // The database's result arrives mid-round, as a probe round's results come in any order.
      results.addAll(results(services, clock.instant()));
      results.add(
          services / 2,
          new ProbeResult(
              ProbeKey.database("db"),
              ProbeStatus.DOWN,
              null,
              Duration.ofMillis(3),
              null,
              null,
              "connection refused",
              Map.of(),
              clock.instant()));
    } else {
      results.addAll(results(services, clock.instant()));
    }
    long start = System.nanoTime();
    results.forEach(desk.listener()::onResult);
    desk.drain();
    return System.nanoTime() - start;
  }

  private static long firingCount(AlertDesk desk) {
    return desk.board().values().stream()
        .filter(s -> s instanceof dev.opsbot.alert.AlertState.Firing)
        .count();
  }

  private static List<ProbeResult> results(int services, Instant at) {
    List<ProbeResult> results = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      results.add(
          new ProbeResult(
              ProbeKey.health(String.format(Locale.ROOT, "svc-%04d", i)),
              ProbeStatus.DOWN,
              null,
              Duration.ofMillis(3),
              null,
              null,
              "connection refused",
              Map.of(),
              at));
    }
    return results;
  }

  private static String outboxRows(StateDatabase state) throws Exception {
    try (Connection connection = state.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT kind || '/' || state, count(*) FROM opsbot.outbox GROUP BY 1 ORDER BY 1")) {
      StringBuilder text = new StringBuilder();
      while (rows.next()) {
        text.append(text.isEmpty() ? "" : ", ").append(rows.getString(1)).append(' ').append(rows.getLong(2));
      }
      return text.toString();
    }
  }

  /** Slack's Web API as far as the outbox uses it: ok, with a ts, and a count per method. */
  private static HttpServer fakeSlack(Map<String, AtomicInteger> calls, AtomicLong lastCallNanos)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger ts = new AtomicInteger();
    server.createContext(
        "/api/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String method = path.substring(path.lastIndexOf('/') + 1);
          calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
          if (method.equals("chat.postMessage")) {
            firstPostNanos.compareAndSet(0, System.nanoTime());
          }
          lastCallNanos.set(System.nanoTime());
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"ok\":true,\"channel\":\"C0CRIT\",\"ts\":\"1700000000." + ts.incrementAndGet() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }
}
