package dev.opsbot.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * opsbot's own health: {@code GET /healthz} (200 with the version when every check passes, 503
 * naming what is wrong otherwise) and {@code GET /metrics} for Prometheus; and any pages the wiring
 * adds, such as the status page.
 */
public final class AdminServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on all interfaces (a container's port must be reachable); 0 picks a free port. */
  public static AdminServer start(
      int port, PrometheusMeterRegistry registry, String version, List<HealthCheck> checks) {
    return start(port, registry, version, checks, Map.of());
  }

  /** As above, also serving {@code pages} (such as the status page) by their exact paths. */
  public static AdminServer start(
      int port,
      PrometheusMeterRegistry registry,
      String version,
      List<HealthCheck> checks,
      Map<String, HttpHandler> pages) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the admin port "
              + port
              + " is not free ("
              + e.getMessage()
              + "): set OPSBOT_ADMIN_PORT to another port, or 0 for any free one",
          e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/healthz",
        exchange -> {
          List<String> problems =
              checks.stream().map(HealthCheck::problem).flatMap(Optional::stream).toList();
          send(
              exchange,
              problems.isEmpty() ? 200 : 503,
              "application/json",
              health(version, problems));
        });
    server.createContext(
        "/metrics",
        exchange ->
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    pages.forEach(server::createContext);
    server.start();
    return new AdminServer(server);
  }

  /** {"status":"ok","version":...}, or "degraded" with the problems. */
  private static String health(String version, List<String> problems) {
    ObjectNode body = JSON.createObjectNode();
    body.put("status", problems.isEmpty() ? "ok" : "degraded");
    body.put("version", version);
    if (!problems.isEmpty()) {
      problems.forEach(body.putArray("problems")::add);
    }
    return body.toString();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(code, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
