package dev.opsbot.chat.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP mode: {@code POST /slack/events} on the JDK's HTTP server, handed to Bolt with the raw body
 * and headers so Bolt's request verification (signature, 5-minute timestamp window) stays on.
 */
final class SlackHttpServer implements AutoCloseable {
  static final String PATH = "/slack/events";
  private static final Logger log = LoggerFactory.getLogger(SlackHttpServer.class);
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;

  private SlackHttpServer(HttpServer server) {
    this.server = server;
  }

  static SlackHttpServer start(App app, AppConfig config, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "SLACK_HTTP_PORT " + port + " is not free (" + e.getMessage() + "): choose another", e);
    }
    SlackRequestParser parser = new SlackRequestParser(config);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(PATH, exchange -> handle(exchange, app, parser));
    server.start();
    return new SlackHttpServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, App app, SlackRequestParser parser)
      throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "POST only");
        return;
      }
      String body = readCapped(exchange.getRequestBody());
      if (body == null) {
        send(exchange, 413, "text/plain", "request body too large");
        return;
      }
      Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
      Request<?> request =
          parser.parse(
              SlackRequestParser.HttpRequest.builder()
                  .requestUri(exchange.getRequestURI().getPath())
                  .queryString(QueryStringParser.toMap(exchange.getRequestURI().getRawQuery()))
                  .headers(new RequestHeaders(headers))
                  .requestBody(body)
                  .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                  .build());
      Response response;
      try {
        response = request == null ? Response.builder().statusCode(400).build() : app.run(request);
      } catch (Exception e) {
        log.error("event=slack_request_failed error=\"{}\"", e.toString());
        response = Response.error(500);
      }
      if (response.getStatusCode() == 401) {
        // The body is not logged: it may hold a response_url or user content.
        log.warn(
            "event=slack_request_rejected status=401 remote={} reason=\"signature or timestamp"
                + " invalid\"",
            exchange.getRemoteAddress().getAddress().getHostAddress());
      }
      response
          .getHeaders()
          .forEach(
              (name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
      send(
          exchange,
          response.getStatusCode(),
          response.getContentType() == null ? "text/plain" : response.getContentType(),
          response.getBody() == null ? "" : response.getBody());
    }
  }

  private static String readCapped(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    return bytes.length > MAX_BODY_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
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
