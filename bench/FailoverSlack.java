import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Slack channel ({@code #ops}, id {@code C0OPS}) behind the Web API methods the outbox uses
 * (chat.postMessage, chat.update, conversations.history, conversations.replies,
 * conversations.list), on 127.0.0.1, answering in Slack's documented JSON. It notes every call with
 * the bot token that made it (each replica has its own) and the time it arrived.
 *
 * <p>Once {@link #arm() armed}, it holds the next alert parent posted: the request is read but the
 * message is not taken and no answer comes, as when Slack stalls with the send in flight. The
 * connection is dropped, still unanswered, at {@link Hold#release()}.
 */
final class FailoverSlack implements AutoCloseable {
  static final String CHANNEL_ID = "C0OPS";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message in the channel, with the token that posted it and when it arrived (nanoTime). */
  record Posted(
      String ts, String threadTs, String key, String token, long atNanos, String blocks) {}

  /** A Web API call: method, token, arrival (nanoTime). */
  record Call(String method, String token, long atNanos) {}

  /** The post being held: its outbox key, the token that sent it, when it arrived. */
  record Held(String key, String token, long atNanos) {}

  /** One armed hold: {@code taken} completes when a parent post is held. */
  static final class Hold {
    final CompletableFuture<Held> taken = new CompletableFuture<>();
    private final CountDownLatch released = new CountDownLatch(1);

    void release() {
      released.countDown();
    }
  }

  private final HttpServer server;
  private final List<Posted> messages = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile Hold hold;

  FailoverSlack() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/", this::handle);
    server.start();
  }

  String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  Hold arm() {
    Hold armed = new Hold();
    hold = armed;
    return armed;
  }

  synchronized Optional<Posted> posted(String key) {
    return messages.stream().filter(m -> key.equals(m.key())).findFirst();
  }

  synchronized long copies(String key) {
    return messages.stream().filter(m -> key.equals(m.key())).count();
  }

  synchronized int messageCount() {
    return messages.size();
  }

  /** Calls that arrived at or after {@code fromNanos}. */
  synchronized List<Call> callsSince(long fromNanos) {
    return calls.stream().filter(c -> c.atNanos() >= fromNanos).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = path.substring(path.lastIndexOf('/') + 1);
      Map<String, String> form =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String token = token(exchange, form);
      synchronized (this) {
        calls.add(new Call(method, token, arrived));
      }
      JsonNode answer =
          switch (method) {
            case "chat.postMessage" -> post(form, token, arrived);
            case "chat.update" -> update(form);
            case "conversations.history" -> history(form, null);
            case "conversations.replies" -> history(form, form.get("ts"));
            case "conversations.list" -> channels();
            default -> JSON.createObjectNode().put("ok", false).put("error", "unknown_method");
          };
      if (answer == null) {
        return; // held, then dropped: closing without an answer
      }
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** Takes the message, or holds it unanswered (null) when armed and it is an alert's parent. */
  private JsonNode post(Map<String, String> form, String token, long arrived) throws IOException {
    String key = metadataKey(form.get("metadata"));
    Hold armed = hold;
    if (armed != null
        && key != null
        && key.endsWith("/parent")
        && form.get("thread_ts") == null
        && armed.taken.complete(new Held(key, token, arrived))) {
      try {
        armed.released.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
    Posted posted;
    synchronized (this) {
      posted = new Posted(nextTs(), form.get("thread_ts"), key, token, arrived, form.get("blocks"));
      messages.add(posted);
    }
    ObjectNode answer =
        JSON.createObjectNode().put("ok", true).put("channel", CHANNEL_ID).put("ts", posted.ts());
    answer.set("message", message(posted));
    return answer;
  }

  private synchronized JsonNode update(Map<String, String> form) {
    String ts = form.get("ts");
    for (int i = 0; i < messages.size(); i++) {
      Posted old = messages.get(i);
      if (old.ts().equals(ts)) {
        String blocks = form.get("blocks");
        messages.set(
            i,
            new Posted(
                ts,
                old.threadTs(),
                old.key(),
                old.token(),
                old.atNanos(),
                blocks == null ? old.blocks() : blocks));
        return JSON.createObjectNode().put("ok", true).put("channel", CHANNEL_ID).put("ts", ts);
      }
    }
    return JSON.createObjectNode().put("ok", false).put("error", "message_not_found");
  }

  /** The channel's top level (thread null) or one thread, newest first, after {@code oldest}. */
  private synchronized JsonNode history(Map<String, String> form, String thread)
      throws IOException {
    if (!CHANNEL_ID.equals(form.get("channel"))) {
      return JSON.createObjectNode().put("ok", false).put("error", "channel_not_found");
    }
    BigDecimal oldest = new BigDecimal(form.getOrDefault("oldest", "0"));
    ArrayNode found = JSON.createArrayNode();
    for (Posted posted : messages.reversed()) {
      boolean inPlace =
          thread == null
              ? posted.threadTs() == null
              : posted.ts().equals(thread) || thread.equals(posted.threadTs());
      if (inPlace && new BigDecimal(posted.ts()).compareTo(oldest) > 0) {
        found.add(message(posted));
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("ok", true).put("has_more", false);
    answer.set("messages", found);
    answer.set("response_metadata", JSON.createObjectNode().put("next_cursor", ""));
    return answer;
  }

  private static JsonNode channels() {
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    answer.set(
        "channels",
        JSON.createArrayNode()
            .add(JSON.createObjectNode().put("id", CHANNEL_ID).put("name", "ops")));
    answer.set("response_metadata", JSON.createObjectNode().put("next_cursor", ""));
    return answer;
  }

  private static ObjectNode message(Posted posted) throws IOException {
    ObjectNode message =
        JSON.createObjectNode()
            .put("type", "message")
            .put("user", "U0OPSBOT")
            .put("bot_id", "B0OPSBOT")
            .put("ts", posted.ts());
    if (posted.threadTs() != null) {
      message.put("thread_ts", posted.threadTs());
    }
    if (posted.blocks() != null) {
      message.set("blocks", JSON.readTree(posted.blocks()));
    }
    if (posted.key() != null) {
      ObjectNode metadata = JSON.createObjectNode().put("event_type", "opsbot_outbox");
      metadata.set("event_payload", JSON.createObjectNode().put("key", posted.key()));
      message.set("metadata", metadata);
    }
    return message;
  }

  private String nextTs() {
    long now = System.currentTimeMillis();
    return (now / 1000) + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
  }

  private static String metadataKey(String metadata) throws IOException {
    return metadata == null ? null : JSON.readTree(metadata).at("/event_payload/key").asText(null);
  }

  private static String token(HttpExchange exchange, Map<String, String> form) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Bearer ")) {
      return header.substring("Bearer ".length());
    }
    return form.get("token");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> values = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  @Override
  public void close() {
    Hold armed = hold;
    if (armed != null) {
      armed.release();
    }
    server.stop(0);
  }
}
