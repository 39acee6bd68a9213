package dev.opsbot.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/**
 * One Slack channel ({@code #ops}, id {@code C0OPS}) behind Slack's Web API on a MockWebServer:
 * chat.postMessage, chat.update, conversations.history, conversations.replies and
 * conversations.list, answered in Slack's documented JSON. It keeps what a person in the channel
 * would see, and can lose the answer to a post it took, or fail to show its history. The
 * workspace's user groups (usergroups.*) are {@link #userGroups}.
 */
public final class FakeSlackChannel extends Dispatcher {
  public static final String ID = "C0OPS";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message as the channel holds it. */
  public record Posted(String ts, String threadTs, String text, String blocks, String metadataKey) {
    public boolean hasButtons() {
      return blocks != null && blocks.contains("\"button\"");
    }
  }

  private final Clock clock;
  private final List<Posted> messages = new ArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  volatile int answersToLose;
  volatile int historyFailures;
  volatile String historyError;
  volatile Duration stallAnswer;
  public final AtomicInteger posts = new AtomicInteger();
  public final AtomicInteger historyReads = new AtomicInteger();
  public final FakeSlackUserGroups userGroups = new FakeSlackUserGroups();

  /**
   * Slack having a bad day, for chaos tests: each post or edit is, with these odds, answered 429
   * (Retry-After 1 s) or 503 without being taken, or taken with its answer lost. Zero by default.
   */
  public record Weather(double tooManyRequests, double unavailable, double answerLost) {
    public static final Weather CALM = new Weather(0, 0, 0);
  }

  private volatile Weather weather = Weather.CALM;
  private final java.util.Random random = new java.util.Random(20261204);
  public final AtomicInteger refused429 = new AtomicInteger();
  public final AtomicInteger refused503 = new AtomicInteger();
  public final AtomicInteger answersLost = new AtomicInteger();

  public void weather(Weather weather) {
    this.weather = weather;
  }

  /** A refusal the weather calls for now, before the message is taken; null for none. */
  private synchronized MockResponse badWeather() {
    double roll = random.nextDouble();
    if (roll < weather.tooManyRequests()) {
      refused429.incrementAndGet();
      return new MockResponse.Builder()
          .code(429)
          .addHeader("Retry-After", "1")
          .addHeader("Content-Type", "application/json")
          .body("{\"ok\":false,\"error\":\"ratelimited\"}")
          .build();
    }
    if (roll < weather.tooManyRequests() + weather.unavailable()) {
      refused503.incrementAndGet();
      return new MockResponse.Builder()
          .code(503)
          .addHeader("Content-Type", "application/json")
          .body("{\"ok\":false,\"error\":\"service_unavailable\"}")
          .build();
    }
    return null;
  }

  private synchronized boolean loseThisAnswer() {
    if (random.nextDouble() < weather.answerLost()) {
      answersLost.incrementAndGet();
      return true;
    }
    return false;
  }

  public FakeSlackChannel(Clock clock) {
    this.clock = clock;
  }

  public synchronized List<Posted> messages() {
    return List.copyOf(messages);
  }

  /** Puts a message in the channel as an earlier post of opsbot's would have left it. */
  synchronized Posted add(String threadTs, String text, String blocks, String metadataKey) {
    Posted posted = new Posted(nextTs(), threadTs, text, blocks, metadataKey);
    messages.add(posted);
    return posted;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl form = HttpUrl.get("http://form/?" + request.getBody().utf8());
    String method = request.getUrl().encodedPath().replace("/api/", "");
    try {
      if (method.equals("chat.postMessage") || method.equals("chat.update")) {
        MockResponse refused = badWeather();
        if (refused != null) {
          return refused;
        }
      }
      if (method.startsWith("usergroups.")) {
        // Read like Slack: from the query string (GET) or the form body (POST).
        return userGroups.dispatch(
            method,
            name -> {
              String query = request.getUrl().queryParameter(name);
              return query != null ? query : form.queryParameter(name);
            });
      }
      return switch (method) {
        case "chat.postMessage" -> post(form);
        case "chat.update" -> update(form);
        case "conversations.history" -> history(form, false);
        case "conversations.replies" -> history(form, true);
        // Bolt checks the bot token before it answers the first request of a workspace.
        case "auth.test" ->
            ok(
                JSON.createObjectNode()
                    .put("ok", true)
                    .put("url", "https://brainops.slack.com/")
                    .put("team", "BrainOps")
                    .put("user", "opsbot")
                    .put("team_id", "T0CHAOS")
                    .put("user_id", "U0OPSBOT")
                    .put("bot_id", "B0OPSBOT"));
        case "users.info" ->
            ok(
                JSON.createObjectNode()
                    .put("ok", true)
                    .set(
                        "user",
                        JSON.createObjectNode()
                            .put("id", form.queryParameter("user"))
                            .put("name", "person-" + form.queryParameter("user"))));
        case "conversations.list" ->
            ok(
                JSON.createObjectNode()
                    .put("ok", true)
                    .set(
                        "channels",
                        JSON.createArrayNode()
                            .add(JSON.createObjectNode().put("id", "C0OTHER").put("name", "dev"))
                            .add(JSON.createObjectNode().put("id", ID).put("name", "ops"))));
        default -> ok(JSON.createObjectNode().put("ok", false).put("error", "unknown_method"));
      };
    } catch (Exception e) {
      return new MockResponse.Builder().code(500).body(e.toString()).build();
    }
  }

  private synchronized MockResponse post(HttpUrl form) throws Exception {
    posts.incrementAndGet();
    String channel = form.queryParameter("channel");
    if (!ID.equals(channel) && !"#ops".equals(channel)) {
      return ok(JSON.createObjectNode().put("ok", false).put("error", "channel_not_found"));
    }
    String metadata = form.queryParameter("metadata");
    String key =
        metadata == null ? null : JSON.readTree(metadata).at("/event_payload/key").asText(null);
    Posted posted =
        add(
            form.queryParameter("thread_ts"),
            form.queryParameter("text"),
            form.queryParameter("blocks"),
            key);
    MockResponse.Builder answer =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(
                JSON.createObjectNode()
                    .put("ok", true)
                    .put("channel", ID)
                    .put("ts", posted.ts())
                    .set("message", message(posted))
                    .toString());
    boolean lose = answersToLose > 0 || loseThisAnswer();
    if (lose) {
      if (answersToLose > 0) {
        answersToLose--;
      }
      // Slack took the message; its answer never reaches opsbot.
      return stallAnswer == null
          ? answer.onResponseStart(new SocketEffect.CloseSocket()).build()
          : answer
              .headersDelay(stallAnswer.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
              .build();
    }
    return answer.build();
  }

  private synchronized MockResponse update(HttpUrl form) {
    String ts = form.queryParameter("ts");
    for (int i = 0; i < messages.size(); i++) {
      Posted old = messages.get(i);
      if (old.ts().equals(ts)) {
        String blocks = form.queryParameter("blocks");
        Posted edited =
            new Posted(
                ts,
                old.threadTs(),
                form.queryParameter("text"),
                blocks == null ? old.blocks() : blocks,
                old.metadataKey());
        messages.set(i, edited);
        return ok(JSON.createObjectNode().put("ok", true).put("channel", ID).put("ts", ts));
      }
    }
    return ok(JSON.createObjectNode().put("ok", false).put("error", "message_not_found"));
  }

  private synchronized MockResponse history(HttpUrl form, boolean replies) throws Exception {
    historyReads.incrementAndGet();
    if (historyFailures > 0) {
      historyFailures--;
      return new MockResponse.Builder()
          .code(503)
          .addHeader("Content-Type", "application/json")
          .body("{\"ok\":false,\"error\":\"service_unavailable\"}")
          .build();
    }
    if (historyError != null) {
      return ok(
          JSON.createObjectNode()
              .put("ok", false)
              .put("error", historyError)
              .put("needed", "channels:history"));
    }
    if (!ID.equals(form.queryParameter("channel"))) {
      return ok(JSON.createObjectNode().put("ok", false).put("error", "channel_not_found"));
    }
    BigDecimal oldest = new BigDecimal(form.queryParameter("oldest"));
    boolean withMetadata =
        "1".equals(form.queryParameter("include_all_metadata"))
            || "true".equals(form.queryParameter("include_all_metadata"));
    String thread = form.queryParameter("ts");
    ArrayNode found = JSON.createArrayNode();
    // Newest first, as Slack lists them.
    for (Posted posted : messages.reversed()) {
      boolean inPlace =
          replies
              ? posted.ts().equals(thread) || thread.equals(posted.threadTs())
              : posted.threadTs() == null;
      if (inPlace && new BigDecimal(posted.ts()).compareTo(oldest) > 0) {
        ObjectNode message = message(posted);
        if (!withMetadata) {
          message.remove("metadata");
        }
        found.add(message);
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("ok", true).put("has_more", false);
    answer.set("messages", found);
    answer.set("response_metadata", JSON.createObjectNode().put("next_cursor", ""));
    return ok(answer);
  }

  private static ObjectNode message(Posted posted) throws Exception {
    ObjectNode message =
        JSON.createObjectNode()
            .put("type", "message")
            .put("user", "U0OPSBOT")
            .put("bot_id", "B0OPSBOT")
            .put("text", posted.text())
            .put("ts", posted.ts());
    if (posted.threadTs() != null) {
      message.put("thread_ts", posted.threadTs());
    }
    if (posted.blocks() != null) {
      message.set("blocks", JSON.readTree(posted.blocks()));
    }
    if (posted.metadataKey() != null) {
      ObjectNode metadata = JSON.createObjectNode().put("event_type", "opsbot_outbox");
      metadata.set("event_payload", JSON.createObjectNode().put("key", posted.metadataKey()));
      message.set("metadata", metadata);
    }
    return message;
  }

  private String nextTs() {
    Instant now = clock.instant();
    return now.getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet());
  }

  private static MockResponse ok(JsonNode body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body.toString())
        .build();
  }
}
