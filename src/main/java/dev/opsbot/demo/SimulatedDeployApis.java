package dev.opsbot.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.opsbot.demo.DemoHttp.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Loopback stand-ins for the Render and Vercel REST APIs, in their documented shapes, holding a
 * deploy history for each service of the demo fleet. A rollback goes live a few seconds after it is
 * asked for, and the simulated service then reports the version of the deploy rolled back to.
 */
final class SimulatedDeployApis implements AutoCloseable {
  private final Clock clock;
  private final SimulatedRenderApi render;
  private final SimulatedVercelApi vercel;
  private final SimulatedVercelRedeploys redeploys;
  private final String renderKey;
  private final String vercelToken;
  private HttpServer server;

  private SimulatedDeployApis(Clock clock, DemoServices fleet) {
    this.clock = clock;
    this.render = new SimulatedRenderApi(clock, fleet);
    this.vercel = new SimulatedVercelApi(clock);
    this.redeploys = new SimulatedVercelRedeploys(clock, vercel, fleet);
    this.renderKey = "rnd_demo" + token();
    this.vercelToken = "vercel_demo" + token();
  }

  /** Histories for the demo fleet: each Render service's current version is its live deploy's. */
  static SimulatedDeployApis start(Clock clock, DemoServices fleet) {
    SimulatedDeployApis apis = new SimulatedDeployApis(clock, fleet);
    apis.render.addService(
        "backend",
        "srv-demo-backend",
        List.of("163.0.16", "163.0.15", "163.0.14", "163.0.13"),
        List.of(
            "Batch invoice sync for ERP webhooks",
            "Fix tenant filter on /jobs",
            "Raise pool size for the agents",
            "Add /observability/metrics"));
    apis.render.addService(
        "ai-agents",
        "srv-demo-ai-agents",
        List.of("9.1.1", "9.1.0", "9.0.4", "9.0.3"),
        List.of(
            "Scheduler: 61 agents, PricingOptimizer hourly",
            "AUREA: supervised autonomy by default",
            "Retry MCP calls once",
            "Log agent durations"));
    apis.render.addService(
        "mcp-bridge",
        "srv-demo-mcp-bridge",
        List.of("1.0.0", "0.9.8", "0.9.7", "0.9.6"),
        List.of(
            "245 tools: add stripe and ai-cli",
            "Playwright server timeouts",
            "Supabase sql_query read-only",
            "Docker tool"));
    apis.vercel.addProject("erp", "prj_demo_erp");
    apis.vercel.addProject("mrg", "prj_demo_mrg");
    apis.vercel.addProject("command-center", "prj_demo_command_center");
    apis.listen();
    return apis;
  }

  /** {@code DEMO_RENDER_API_URL}, {@code DEMO_VERCEL_API_URL} and the two demo tokens. */
  Map<String, String> environment() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "DEMO_RENDER_API_URL",
        base + "/render/v1",
        "DEMO_VERCEL_API_URL",
        base + "/vercel",
        "RENDER_API_KEY",
        renderKey,
        "VERCEL_TOKEN",
        vercelToken);
  }

  private void listen() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback for the deploy APIs", e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/render/v1/", this::render);
    server.createContext("/vercel/", this::vercel);
    server.start();
  }

  private void render(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange, renderKey)) {
        DemoHttp.send(exchange, SimulatedRenderApi.unauthorized());
        return;
      }
      String[] path =
          exchange.getRequestURI().getPath().substring("/render/v1/".length()).split("/");
      String method = exchange.getRequestMethod();
      Map<String, String> query = DemoHttp.query(exchange);
      JsonNode body = DemoHttp.jsonBody(exchange);
      Reply reply;
      synchronized (this) {
        settle();
        reply = render.route(method, path, query, body);
      }
      DemoHttp.send(exchange, reply);
    }
  }

  private void vercel(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange, vercelToken)) {
        DemoHttp.send(exchange, SimulatedVercelApi.unauthorized());
        return;
      }
      String[] path = exchange.getRequestURI().getPath().substring("/vercel/".length()).split("/");
      Map<String, String> query = DemoHttp.query(exchange);
      JsonNode body = DemoHttp.jsonBody(exchange);
      Reply reply;
      synchronized (this) {
        settle();
        reply = redeploys.route(exchange.getRequestMethod(), path, body);
        if (reply == null) {
          reply = vercel.route(exchange.getRequestMethod(), path, query);
        }
      }
      DemoHttp.send(exchange, reply);
    }
  }

  private static boolean authorized(HttpExchange exchange, String token) {
    return ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
  }

  /** Rollbacks on either API whose time has come go live. */
  private void settle() {
    Instant now = clock.instant();
    render.settle(now);
    vercel.settle(now);
    redeploys.settle(now);
  }

  private static String token() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
