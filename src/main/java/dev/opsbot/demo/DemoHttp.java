package dev.opsbot.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads requests to and writes JSON answers from the demo's loopback servers (the simulated fleet
 * and deploy APIs).
 */
final class DemoHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoHttp() {}

  /** A status code and JSON body to answer with. */
  record Reply(int code, String json) {}

  static void sendJson(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void send(HttpExchange exchange, Reply reply) throws IOException {
    sendJson(exchange, reply.code(), reply.json());
  }

  /** The request's query parameters, decoded; a pair without a name is skipped. */
  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  /** The request's JSON body; an empty object when there is none or it does not parse. */
  static JsonNode jsonBody(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readNBytes(64 * 1024);
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** An ISO-8601 time from a query; {@code fallback} when absent or unreadable. */
  static java.time.Instant instant(String text, java.time.Instant fallback) {
    try {
      return text == null ? fallback : java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return fallback;
    }
  }
}
