package dev.opsbot.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * One service of FLEET.md on loopback, answering with its documented JSON shapes. A fault makes it
 * refuse connections (down), fail with 500 (error), answer late (slow), stop its orchestrator or
 * lose scheduler jobs, or report bad metrics.
 */
final class SimulatedService {
  static final int EXPECTED_JOBS = 61;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> AGENTS =
      List.of(
          "CustomerIntelligence",
          "RevenueOptimizer",
          "PricingOptimizer",
          "InventoryAgent",
          "PayrollAgent",
          "MaintenanceAgent",
          "BlogAutomation",
          "SEOOptimizer",
          "SocialMediaAgent",
          "APIManagementAgent",
          "WebhookMonitor");

  private final String id;
  private final SimulatedFleet.Kind kind;
  private volatile String version;
  private final String apiKey;
  private final Clock clock;
  private final Instant started;
  private final Object lock = new Object();
  private FaultState faults = new FaultState();
  private HttpServer server;
  private int port;
  private long cyclesAtStop = -1;

  SimulatedService(
      String id, SimulatedFleet.Kind kind, String version, String apiKey, Clock clock) {
    this.id = id;
    this.kind = kind;
    this.version = version;
    this.apiKey = apiKey;
    this.clock = clock;
    this.started = clock.instant();
  }

  String id() {
    return id;
  }

  /** What /health reports from now on: a deploy (or a rollback) went live. */
  void runVersion(String newVersion) {
    this.version = newVersion;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  void start() {
    synchronized (lock) {
      if (server != null) {
        return;
      }
      try {
        server =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for " + id, e);
      }
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", this::handle);
      server.start();
      port = server.getAddress().getPort();
    }
  }

  void stop() {
    synchronized (lock) {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
  }

  /** Applies a change to this service's faults; going down or up starts or stops listening. */
  void change(java.util.function.Consumer<FaultState> change) {
    boolean down;
    synchronized (lock) {
      boolean wasRunning = faults.aureaRunning;
      boolean wasBroken = faults.broken();
      change.accept(faults);
      if (!wasBroken && faults.broken()) {
        faults.brokenSince = clock.instant();
      } else if (!faults.broken()) {
        faults.brokenSince = null;
      }
      if (wasRunning && !faults.aureaRunning) {
        cyclesAtStop = cycles();
      } else if (faults.aureaRunning) {
        cyclesAtStop = -1;
      }
      down = faults.down;
    }
    if (down) {
      stop();
    } else {
      start();
    }
  }

  void reset() {
    synchronized (lock) {
      faults = new FaultState();
      cyclesAtStop = -1;
    }
    start();
  }

  /** A copy of what is wrong with the service now. */
  FaultState faults() {
    return snapshot();
  }

  private FaultState snapshot() {
    synchronized (lock) {
      FaultState copy = new FaultState();
      copy.down = faults.down;
      copy.error = faults.error;
      copy.slowMillis = faults.slowMillis;
      copy.aureaRunning = faults.aureaRunning;
      copy.schedulerJobs = faults.schedulerJobs;
      copy.errorRatePercent = faults.errorRatePercent;
      copy.p99Millis = faults.p99Millis;
      copy.dbLatencyMillis = faults.dbLatencyMillis;
      copy.memoryPercent = faults.memoryPercent;
      copy.brokenSince = faults.brokenSince;
      return copy;
    }
  }

  private record Reply(int code, String json) {
    static Reply ok(ObjectNode body) {
      return new Reply(200, body.toString());
    }
  }

  private static final Reply NOT_FOUND = new Reply(404, "{\"detail\":\"Not Found\"}");

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      FaultState state = snapshot();
      if (state.slowMillis > 0) {
        sleep(state.slowMillis);
      }
      Reply reply =
          state.error
              ? new Reply(500, "{\"detail\":\"Internal Server Error\"}")
              : route(exchange.getRequestURI().getPath(), header(exchange), state);
      send(exchange, reply);
    }
  }

  private Reply route(String path, String key, FaultState state) {
    if (kind == SimulatedFleet.Kind.VERCEL_APP) {
      return path.equals("/api/health") ? Reply.ok(vercelHealth()) : NOT_FOUND;
    }
    boolean aureaPath = path.equals("/systems/usage") || path.equals("/scheduler/status");
    if (aureaPath && kind != SimulatedFleet.Kind.AI_AGENTS) {
      return NOT_FOUND;
    }
    if (aureaPath && !apiKey.equals(key)) {
      return new Reply(401, "{\"detail\":\"Invalid or missing API key\"}");
    }
    return switch (path) {
      case "/health" -> Reply.ok(renderHealth());
      case "/observability/metrics" -> Reply.ok(metrics(state));
      case "/systems/usage" -> Reply.ok(usage(state));
      case "/scheduler/status" -> Reply.ok(scheduler(state));
      default -> NOT_FOUND;
    };
  }

  private static String header(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("X-API-Key");
    return value == null ? "" : value;
  }

  private ObjectNode renderHealth() {
    ObjectNode body = JSON.createObjectNode();
    body.put("status", "healthy");
    body.put("version", version);
    body.put("service", "brainops-" + id);
    body.put("uptime_seconds", Duration.between(started, clock.instant()).toSeconds());
    return body;
  }

  private ObjectNode vercelHealth() {
    ObjectNode body = JSON.createObjectNode();
    body.put("status", "ok");
    body.put("timestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    return body;
  }

  private ObjectNode metrics(FaultState state) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode requests = body.putObject("requests");
    requests.put("error_rate_percent", state.errorRatePercent);
    requests.put("p99_latency_ms", state.p99Millis);
    body.putObject("database").put("latency_ms", state.dbLatencyMillis);
    body.putObject("memory").put("used_percent", state.memoryPercent);
    return body;
  }

  private ObjectNode usage(FaultState state) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode aurea = body.putObject("aurea");
    aurea.put("running", state.aureaRunning);
    aurea.put("autonomy_level", "SUPERVISED");
    long cycles;
    synchronized (lock) {
      cycles = cyclesAtStop >= 0 ? cyclesAtStop : cycles();
    }
    aurea.put("cycles_completed", cycles);
    aurea.put("decisions_made", 0);
    aurea.put("learning_insights", 50);
    return body;
  }

  /** AUREA completes a cycle every 10 s from a base of 50, as the runbook's sample shows. */
  private long cycles() {
    return 50 + Duration.between(started, clock.instant()).toSeconds() / 10;
  }

  private ObjectNode scheduler(FaultState state) {
    ObjectNode body = JSON.createObjectNode();
    body.put("apscheduler_jobs_count", state.schedulerJobs);
    body.put("registered_jobs_count", state.schedulerJobs);
    ArrayNode next = body.putArray("next_jobs");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    for (int i = 0; i < Math.min(8, state.schedulerJobs); i++) {
      ObjectNode job = next.addObject();
      String agent = AGENTS.get(i % AGENTS.size());
      job.put("id", agent.toLowerCase() + "-run");
      job.put("name", agent);
      job.put("next_run_time", now.plus(Duration.ofMinutes(5L * (i + 1))).toString());
    }
    return body;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    DemoHttp.sendJson(exchange, reply.code(), reply.json());
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
