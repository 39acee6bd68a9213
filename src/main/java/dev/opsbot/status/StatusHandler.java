package dev.opsbot.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.config.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /status} and {@code /status.json}, publicly or to holders of the token (an
 * {@code Authorization: Bearer} header or {@code ?token=}). The token is compared in constant time
 * and never logged; a request without it gets 401 and nothing else.
 */
public final class StatusHandler implements HttpHandler {
  public static final String PAGE = "/status";
  public static final String JSON = "/status.json";
  private static final Logger log = LoggerFactory.getLogger(StatusHandler.class);

  private final StatusPage page;
  private final byte[] tokenHash;

  /** {@code token} null makes the page public. */
  public StatusHandler(StatusPage page, Secret token) {
    this.page = page;
    this.tokenHash = token == null ? null : sha256(token.reveal());
  }

  /** The paths to serve, for a server that mounts handlers by path. */
  public Map<String, HttpHandler> routes() {
    return Map.of(PAGE, this, JSON, this);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "Use GET.\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Function<StatusView, String> renderer;
      String type;
      if (PAGE.equals(path)) {
        renderer = StatusHtml::render;
        type = "text/html; charset=utf-8";
      } else if (JSON.equals(path)) {
        renderer = StatusJson::render;
        type = "application/json";
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found.\n");
        return;
      }
      if (!allowed(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"status\"");
        send(
            exchange,
            401,
            "text/plain; charset=utf-8",
            "This status page needs its token: Authorization: Bearer <token>, or ?token=<token>.\n");
        return;
      }
      String body;
      try {
        body = renderer.apply(page.view());
      } catch (RuntimeException e) {
        log.warn("event=status_page_failed problem=\"{}\"", e.toString());
        send(exchange, 503, "text/plain; charset=utf-8", "The status page is unavailable.\n");
        return;
      }
      send(exchange, 200, type, body);
    }
  }

  private boolean allowed(HttpExchange exchange) {
    if (tokenHash == null) {
      return true;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return matches(header.substring(7).strip());
    }
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("token=")) {
          return matches(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
        }
      }
    }
    return false;
  }

  /** Hashed first, so the comparison takes as long whatever the length of what was sent. */
  private boolean matches(String offered) {
    return MessageDigest.isEqual(tokenHash, sha256(offered));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void send(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", type);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
