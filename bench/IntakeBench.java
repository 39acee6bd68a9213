import dev.opsbot.admin.AdminServer;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.alert.Escalation;
import dev.opsbot.alert.EscalationPolicies;
import dev.opsbot.alert.Runbooks;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.Secret;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.intake.Intake;
import dev.opsbot.intake.NoSourceSilencer;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.state.EmbeddedStateServer;
import dev.opsbot.state.StateDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intake latency and throughput: alerts POSTed to {@code /intake/webhook/bench} on the admin
 * server (real HTTP on loopback), stored through the alert desk in PostgreSQL (embedded), and
 * posted by the outbox worker to a chat sender that records when each alert's message reaches it.
 * Per alert: received -> 2xx (stored) and received -> posted. Slack's pacing (1 message per second
 * per channel) is left out on purpose: it is Slack's limit, measured in the alert storm section.
 *
 * <p>Usage: {@code IntakeBench [--rate 1000] [--minutes 2] [--burst 2000]}: alerts a minute, for how
 * long; then as fast as 8 senders can, for the throughput.
 */
public final class IntakeBench {
  private static final Pattern ID = Pattern.compile("bench-(\\d+)-(\\d+)");
  private static final String TOKEN = "bench-intake-token-0123456789";

  public static void main(String[] args) throws Exception {
    List<String> a = List.of(args);
    int rate = intArg(a, "--rate", 1000);
    int minutes = intArg(a, "--minutes", 2);
    int burst = intArg(a, "--burst", 2000);
    Map<String, Long> posted = new ConcurrentHashMap<>();
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(item -> record(item, posted));
    Path data = Files.createTempDirectory("opsbot-intake-bench");
    Clock clock = Clock.systemUTC();
    try (EmbeddedStateServer server = EmbeddedStateServer.start(data);
        StateDatabase state =
            new StateDatabase(server.jdbcUrl(), server.user(), server.password().reveal())) {
      OutboxStore outbox = new OutboxStore(state);
      OutboxWorker worker = new OutboxWorker(outbox, routes, clock);
      // groupWithin 0: every alert its own thread, so each one's post is timed.
      AlertRules rules =
          new AlertRules(
              new AlertDefaults(null, null, null, null, Duration.ZERO),
              Map.of("critical", "#ops-critical", "warning", "#ops-alerts"),
              List.of());
      AlertDesk desk =
          new AlertDesk(
              rules,
              Runbooks.in(Path.of("alerts/runbooks")),
              new AlertStore(state),
              outbox,
              new AlertMessages(ZoneOffset.UTC),
              new Escalation(
                  new EscalationPolicies(rules, Map.of()),
                  OnCallRoster.of(OnCallConfig.NONE, OverrideSource.NONE),
                  false),
              clock,
              new AlertDesk.Settings(Duration.ofSeconds(1), Duration.ofMinutes(5)),
              worker::wake);
      Intake intake =
          new Intake(
              settings(),
              desk,
              state,
              new NoSourceSilencer(),
              new ThreadReplies(outbox, worker::wake, clock),
              clock);
      desk.start();
      worker.start(Duration.ofMillis(200));
      AdminServer admin =
          AdminServer.start(
              0,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              "bench",
              List.of(),
              intake.routes());
      URI uri = URI.create("http://127.0.0.1:" + admin.port() + "/intake/webhook/bench");
      HttpClient http =
          HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

      warmUp(http, uri, posted);
      int count = rate * minutes;
      System.out.printf(
          Locale.ROOT, "steady: %d alerts a minute for %d min (%d alerts), one per request%n", rate,
          minutes, count);
      report(http, uri, posted, steady(http, uri, 1, count, rate), 1, count);
      System.out.printf(Locale.ROOT, "burst: %d alerts, 8 senders, as fast as they are answered%n", burst);
      long start = System.nanoTime();
      long[][] times = burst(http, uri, 2, burst, 8);
      double seconds = (System.nanoTime() - start) / 1e9;
      report(http, uri, posted, times, 2, burst);
      System.out.printf(
          Locale.ROOT, "  throughput: %.0f alerts/s stored (%.0f a minute)%n", burst / seconds,
          burst / seconds * 60);
      admin.close();
      intake.close();
      desk.close();
      worker.close();
    }
  }

  private static SendResult record(OutboxItem item, Map<String, Long> posted) {
    if (item.kind() == OutboxItem.Kind.POST) {
      Matcher m = ID.matcher(new PlainTextRenderer().render(item.message()));
      if (m.find()) {
        posted.putIfAbsent(m.group(0), System.nanoTime());
      }
    }
    return new SendResult.Sent("ts-" + System.nanoTime());
  }

  private static IntakeSettings settings() {
    return new IntakeSettings(
        Map.of(
            "bench",
            new IntakeSource(
                "webhook",
                "bearer",
                Secret.of(TOKEN),
                null,
                null,
                null,
                null,
                new IntakeSource.IntakeMapping(
                    null,
                    List.of("/title"),
                    List.of("/severity"),
                    List.of("/service"),
                    List.of("/id"),
                    List.of("/status"),
                    null,
                    null))),
        null,
        null,
        null,
        null);
  }

  private static String body(int run, int i) {
    return "{\"id\":\"bench-" + run + "-" + i + "\",\"title\":\"bench-" + run + "-" + i
        + " queue depth above 10000\",\"severity\":\"warning\",\"service\":\"svc-" + run + "-" + i
        + "\",\"status\":\"firing\"}";
  }

  private static HttpRequest request(URI uri, int run, int i) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(run, i)))
        .build();
  }

  /** times[i] = {sent, answered, code} in nanoTime. */
  private static long[][] steady(HttpClient http, URI uri, int run, int count, int perMinute)
      throws Exception {
    long[][] times = new long[count][3];
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    long every = 60_000_000_000L / perMinute;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * every;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      int n = i;
      times[n][0] = System.nanoTime();
      calls.add(
          http.sendAsync(request(uri, run, n), HttpResponse.BodyHandlers.discarding())
              .thenAccept(r -> {
                times[n][1] = System.nanoTime();
                times[n][2] = r.statusCode();
              }));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    return times;
  }

  private static long[][] burst(HttpClient http, URI uri, int run, int count, int senders)
      throws Exception {
    long[][] times = new long[count][3];
    Semaphore slots = new Semaphore(senders);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      int n = i;
      times[n][0] = System.nanoTime();
      calls.add(
          http.sendAsync(request(uri, run, n), HttpResponse.BodyHandlers.discarding())
              .thenAccept(r -> {
                times[n][1] = System.nanoTime();
                times[n][2] = r.statusCode();
              })
              .whenComplete((r, e) -> slots.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    return times;
  }

  private static void warmUp(HttpClient http, URI uri, Map<String, Long> posted) throws Exception {
    steady(http, uri, 0, 200, 6000);
    waitPosted(posted, 0, 200);
  }

  private static void waitPosted(Map<String, Long> posted, int run, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      int n = 0;
      for (int i = 0; i < count; i++) {
        n += posted.containsKey("bench-" + run + "-" + i) ? 1 : 0;
      }
      if (n == count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("not every alert of run " + run + " was posted in 5 min");
  }

  private static void report(
      HttpClient http, URI uri, Map<String, Long> posted, long[][] times, int run, int count)
      throws Exception {
    waitPosted(posted, run, count);
    long bad = Arrays.stream(times).filter(t -> t[2] != 200).count();
    double[] stored = new double[count];
    double[] post = new double[count];
    for (int i = 0; i < count; i++) {
      stored[i] = (times[i][1] - times[i][0]) / 1e6;
      post[i] = (posted.get("bench-" + run + "-" + i) - times[i][0]) / 1e6;
    }
    Arrays.sort(stored);
    Arrays.sort(post);
    System.out.printf(
        Locale.ROOT,
        "  non-200 answers: %d%n  received -> 2xx (stored): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n"
            + "  received -> posted:       p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        bad, pct(stored, 50), pct(stored, 99), stored[count - 1], pct(post, 50), pct(post, 99),
        post[count - 1]);
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static int intArg(List<String> a, String name, int fallback) {
    int at = a.indexOf(name);
    return at >= 0 ? Integer.parseInt(a.get(at + 1)) : fallback;
  }
}
