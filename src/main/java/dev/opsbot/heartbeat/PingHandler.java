package dev.opsbot.heartbeat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.state.StateUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /heartbeat/<id>} (the job ran) and {@code /heartbeat/<id>/fail} (it failed), with
 * the monitor's token as {@code Authorization: Bearer <token>} or {@code ?token=<token>}. Answers
 * 200 once the ping is stored, 401 for a wrong token or (to a caller without a valid token) an
 * unknown id, 404 for an unknown id to a caller holding another monitor's token, 413 for a body
 * over {@value #MAX_BODY} bytes (the body is read and dropped), 503 when the state database cannot
 * store it. Tokens and query strings are never logged.
 */
public final class PingHandler implements HttpHandler {
  public static final String PATH = "/heartbeat/";
  static final int MAX_BODY = 10 * 1024;
  private static final Logger log = LoggerFactory.getLogger(PingHandler.class);

  private final Monitors monitors;
  private final HeartbeatStore store;
  private final Clock clock;

  public PingHandler(Monitors monitors, HeartbeatStore store, Clock clock) {
    this.monitors = monitors;
    this.store = store;
    this.clock = clock;
  }

  /** The path for the admin server. */
  public Map<String, HttpHandler> routes() {
    return Map.of(PATH, this);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"POST".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, POST");
        send(exchange, 405, "use GET or POST\n");
        return;
      }
      String[] parts = exchange.getRequestURI().getRawPath().substring(PATH.length()).split("/");
      boolean fail = parts.length == 2 && parts[1].equals("fail");
      if (parts.length == 0 || parts.length > 2 || (parts.length == 2 && !fail)) {
        send(exchange, 404, "not a heartbeat path: /heartbeat/<id> or /heartbeat/<id>/fail\n");
        return;
      }
      String id;
      try {
        id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        send(exchange, 404, "not a heartbeat path: /heartbeat/<id> or /heartbeat/<id>/fail\n");
        return;
      }
      if (tooLarge(exchange)) {
        send(exchange, 413, "body too large: at most " + MAX_BODY + " bytes\n");
        return;
      }
      switch (monitors.access(id, token(exchange))) {
        case REFUSED -> {
          log.warn(
              "event=heartbeat_refused heartbeat={} reason=\"wrong or missing token, or unknown"
                  + " id\"",
              monitors.has(id) ? id : "(unknown)");
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"heartbeat\"");
          send(exchange, 401, "unknown heartbeat or wrong token\n");
        }
        case UNKNOWN_ID -> send(exchange, 404, "no such heartbeat\n");
        case GRANTED -> record(exchange, id, !fail);
      }
    }
  }

  private void record(HttpExchange exchange, String id, boolean ok) throws IOException {
    try {
      store.ping(id, ok, clock.instant());
    } catch (StateUnavailableException e) {
      log.warn("event=heartbeat_not_recorded heartbeat={} reason=\"{}\"", id, e.getMessage());
      send(exchange, 503, "not recorded: opsbot's state database is unavailable, try again\n");
      return;
    }
    log.debug("event=heartbeat_ping heartbeat={} ok={}", id, ok);
    send(exchange, 200, ok ? "OK\n" : "OK, failure recorded\n");
  }

  /** Reads and drops the body, up to one byte past the cap; true when it is over the cap. */
  private static boolean tooLarge(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > MAX_BODY) {
          return true;
        }
      } catch (NumberFormatException e) {
        return true;
      }
    }
    try (InputStream body = exchange.getRequestBody()) {
      return body.readNBytes(MAX_BODY + 1).length > MAX_BODY;
    }
  }

  private static String token(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).strip();
    }
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("token=")) {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
