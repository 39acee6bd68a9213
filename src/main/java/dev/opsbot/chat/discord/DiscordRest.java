package dev.opsbot.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.config.Secret;
import dev.opsbot.config.SecretRedactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The three Discord REST calls the outbox makes (post a message, edit one, start a thread on one),
 * one attempt each, with bounded time and answer size. It needs no gateway connection, so alerts go
 * out while the gateway reconnects. Every answer's rate-limit headers pace the calls after it
 * ({@link DiscordBuckets}): a call whose bucket is empty waits for it (up to {@link #LONGEST_PACE},
 * beyond that the outbox tries again later) instead of running into a 429.
 */
final class DiscordRest {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final long MAX_ANSWER_BYTES = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  // The form Discord asks of bots: "DiscordBot ($url, $version)".
  private static final String USER_AGENT =
      "DiscordBot (opsbot, "
          + java.util.Objects.requireNonNullElse(
              DiscordRest.class.getPackage().getImplementationVersion(), "dev")
          + ")";

  /** What to do about the errors people meet most, so a give-up line says it. */
  private static final Map<Integer, String> HINTS =
      Map.of(
          10003,
              "no such channel or thread: check the discord:<channel id> it is routed to (alert"
                  + " rules routes and channel, digest.channels) and that it still exists",
          10008, "the message to edit or answer no longer exists",
          50001, "the bot cannot see the channel: add it to the channel or its category",
          50013,
              "the bot lacks a permission there: give it View Channel, Send Messages, Embed Links,"
                  + " Attach Files, Create Public Threads and Send Messages in Threads",
          50035, "Discord refused the message's form",
          160004, "a thread was already started on the message");

  /** The longest a call waits here for its bucket; a longer wait goes back to the outbox. */
  static final Duration LONGEST_PACE = Duration.ofSeconds(5);

  /** Waits, on the sending thread. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration wait) throws InterruptedException;
  }

  private final OkHttpClient http;
  private final String baseUrl;
  private final Secret token;
  private final DiscordBuckets buckets;
  private final Pause pause;

  DiscordRest(OkHttpClient http, String baseUrl, Secret token) {
    this(http, baseUrl, token, new DiscordBuckets(System::nanoTime), Thread::sleep);
  }

  DiscordRest(
      OkHttpClient http, String baseUrl, Secret token, DiscordBuckets buckets, Pause pause) {
    this.http = http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    this.token = token;
    this.buckets = buckets;
    this.pause = pause;
  }

  static OkHttpClient client() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(15))
        .writeTimeout(Duration.ofSeconds(15))
        .callTimeout(Duration.ofSeconds(30))
        // The outbox retries, with backoff and a record of it; a silent retry here could post
        // twice.
        .retryOnConnectionFailure(false)
        .build();
  }

  /**
   * Creates a message carrying {@code nonce} with {@code enforce_nonce}: when a message with the
   * same nonce was created in the past few minutes, Discord answers with that one and creates none,
   * so a retry after a lost answer does not post twice.
   */
  DiscordCall post(String channelId, MessageCreateData data, String nonce) {
    DataObject payload = data.toData().put("nonce", nonce).put("enforce_nonce", true);
    return call("POST", "channels/" + channelId + "/messages", payload, data.getFiles());
  }

  DiscordCall edit(String channelId, String messageId, MessageEditData data) {
    return call(
        "PATCH",
        "channels/" + channelId + "/messages/" + messageId,
        data.toData(),
        data.getFiles());
  }

  /** A public thread on a message; its id is the message's id. */
  DiscordCall startThread(String channelId, String messageId, String name) {
    DataObject body = DataObject.empty().put("name", name).put("auto_archive_duration", 10080);
    return call(
        "POST", "channels/" + channelId + "/messages/" + messageId + "/threads", body, List.of());
  }

  private DiscordCall call(
      String method, String path, DataObject payload, List<? extends FileUpload> files) {
    RequestBody body;
    if (files.isEmpty()) {
      body = RequestBody.create(payload.toJson(), JSON_TYPE);
    } else {
      MultipartBody.Builder form =
          new MultipartBody.Builder()
              .setType(MultipartBody.FORM)
              .addFormDataPart(
                  "payload_json", null, RequestBody.create(payload.toJson(), JSON_TYPE));
      for (int i = 0; i < files.size(); i++) {
        FileUpload file = files.get(i);
        try {
          byte[] content = file.getData().readAllBytes();
          form.addFormDataPart(
              "files[" + i + "]",
              file.getName(),
              RequestBody.create(content, MediaType.get("application/octet-stream")));
        } catch (IOException e) {
          return new DiscordCall.Permanent(0, "cannot read attachment " + file.getName());
        }
      }
      body = form.build();
    }
    Request request =
        new Request.Builder()
            .url(baseUrl + path)
            .header("Authorization", "Bot " + token.reveal())
            .header("User-Agent", USER_AGENT)
            .method(method, body)
            .build();
    DiscordBuckets.Route route = DiscordBuckets.Route.of(method, path);
    DiscordCall paced = awaitBucket(route, method + " " + path);
    if (paced != null) {
      return paced;
    }
    try (Response response = http.newCall(request).execute()) {
      String answer = response.peekBody(MAX_ANSWER_BYTES).string();
      DiscordCall outcome =
          outcome(method + " " + path, response.code(), response.header("Retry-After"), answer);
      buckets.answered(
          route,
          response.header("X-RateLimit-Bucket"),
          response.header("X-RateLimit-Remaining"),
          response.header("X-RateLimit-Reset-After"),
          response.code() == 429
              && ("true".equalsIgnoreCase(response.header("X-RateLimit-Global"))
                  || "global".equalsIgnoreCase(response.header("X-RateLimit-Scope"))),
          outcome instanceof DiscordCall.RateLimited limited ? limited.retryAfter() : null);
      return outcome;
    } catch (InterruptedIOException e) {
      return new DiscordCall.Transient("timed out: " + message(e), true);
    } catch (IOException e) {
      return new DiscordCall.Transient(e.getClass().getSimpleName() + ": " + message(e), true);
    } finally {
      buckets.done(route);
    }
  }

  /**
   * Waits while the route's bucket is empty, up to {@link #LONGEST_PACE}; null when the call may
   * go, else the outcome to report without calling (the outbox tries again after the wait).
   */
  private DiscordCall awaitBucket(DiscordBuckets.Route route, String call) {
    Duration waited = Duration.ZERO;
    Duration wait;
    while ((wait = buckets.take(route)).isPositive()) {
      if (waited.plus(wait).compareTo(LONGEST_PACE) > 0) {
        return new DiscordCall.RateLimited(
            wait,
            call + ": paced, Discord's rate limit bucket is empty for " + wait.toMillis() + " ms");
      }
      try {
        pause.pause(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DiscordCall.RateLimited(wait, call + ": interrupted while paced");
      }
      waited = waited.plus(wait);
    }
    return null;
  }

  /** The outcome of one answer from Discord, by status and Discord's JSON error code. */
  static DiscordCall outcome(String call, int status, String retryAfterHeader, String answer) {
    JsonNode json = parse(answer);
    if (status >= 200 && status < 300) {
      String id = json.path("id").asText(null);
      return id == null
          ? new DiscordCall.Transient(
              call + ": HTTP " + status + " without an id: not Discord's answer", true)
          : new DiscordCall.Done(id);
    }
    int code = json.path("code").asInt(0);
    String discordMessage = json.path("message").asText("");
    String reason =
        call
            + ": HTTP "
            + status
            + (code == 0 ? "" : " code " + code)
            + (discordMessage.isEmpty() ? "" : " " + discordMessage)
            + (HINTS.containsKey(code) ? " (" + HINTS.get(code) + ")" : "");
    if (status == 429) {
      Duration wait = retryAfter(retryAfterHeader);
      if (wait == null && json.has("retry_after")) {
        wait = Duration.ofMillis((long) Math.ceil(json.path("retry_after").asDouble() * 1000));
      }
      return new DiscordCall.RateLimited(wait, reason);
    }
    if (status >= 500 || status == 408) {
      return new DiscordCall.Transient(reason, false);
    }
    if (status == 401) {
      return new DiscordCall.Permanent(
          code, reason + " (Discord refused DISCORD_TOKEN: reset it in the Developer Portal)");
    }
    return new DiscordCall.Permanent(code, reason);
  }

  /** Retry-After in seconds, possibly fractional, as Discord sends it; null when unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(header.strip());
      return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode parse(String answer) {
    try {
      JsonNode node = JSON.readTree(answer);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String message(Throwable failure) {
    return failure.getMessage() == null ? "no detail" : SecretRedactor.redact(failure.getMessage());
  }
}
