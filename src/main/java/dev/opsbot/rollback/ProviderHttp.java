package dev.opsbot.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.config.Secret;
import dev.opsbot.config.SecretRedactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTPS to one provider with a bearer token: timeouts, a body cap, and one clear message
 * per failing status. Reads are retried a bounded number of times when the provider is busy or
 * failing; writes never are, since a write whose answer was lost may already have happened.
 */
final class ProviderHttp {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final long MAX_BODY_BYTES = 2L * 1024 * 1024;
  private static final int READ_ATTEMPTS = 3;
  private static final Duration LONGEST_READ_WAIT = Duration.ofSeconds(10);

  private final String title;
  private final String tokenVariable;
  private final Secret token;
  private final OkHttpClient client;
  private final Clock clock;
  private final Pause pause;

  ProviderHttp(
      String title,
      String tokenVariable,
      Secret token,
      OkHttpClient shared,
      Clock clock,
      Pause pause) {
    this.title = title;
    this.tokenVariable = tokenVariable;
    this.token = token;
    this.client =
        shared
            .newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(20, TimeUnit.SECONDS)
            .callTimeout(30, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();
    this.clock = clock;
    this.pause = pause;
  }

  String title() {
    return title;
  }

  /** A read, retried up to three times on 429 (waiting as asked, up to 10 s) and 5xx. */
  JsonNode get(String url, String doing) {
    ProviderException last = null;
    for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      try {
        return call(new Request.Builder().url(url).get(), doing);
      } catch (ProviderException e) {
        last = e;
        if (!e.transientFailure() || attempt == READ_ATTEMPTS) {
          throw e;
        }
        Duration wait =
            e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(1L << (attempt - 1));
        if (wait.compareTo(LONGEST_READ_WAIT) > 0) {
          throw e;
        }
        log.info(
            "event=provider_read_retry provider={} doing=\"{}\" status={} wait_ms={}",
            title,
            doing,
            e.status(),
            wait.toMillis());
        try {
          pause.pause(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  /** A write, made exactly once. */
  JsonNode post(String url, String body, String doing) {
    return post(url, body, doing, Map.of());
  }

  /**
   * A write, made exactly once; {@code hints} says what a status means for this call, where the
   * provider's description gives it a meaning of its own (Render's rollback answers 400 for a
   * deploy it can no longer roll back to).
   */
  JsonNode post(String url, String body, String doing, Map<Integer, String> hints) {
    return call(
        new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE)), doing, hints);
  }

  /** A partial update, made exactly once. */
  JsonNode patch(String url, String body, String doing) {
    return call(new Request.Builder().url(url).patch(RequestBody.create(body, JSON_TYPE)), doing);
  }

  private JsonNode call(Request.Builder builder, String doing) {
    return call(builder, doing, Map.of());
  }

  private JsonNode call(Request.Builder builder, String doing, Map<Integer, String> hints) {
    Request request =
        builder
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/json")
            .build();
    try (Response response = client.newCall(request).execute()) {
      String body = read(response);
      if (response.isSuccessful()) {
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      }
      throw failure(response, body, doing, hints);
    } catch (ProviderException e) {
      log.warn(
          "event=provider_call_failed provider={} doing=\"{}\" status={} kind={}",
          title,
          doing,
          e.status(),
          e.kind());
      throw e;
    } catch (InterruptedIOException e) {
      throw network(doing, "no answer in time (" + e.getMessage() + ")");
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ProviderException(
          ProviderException.Kind.BAD_RESPONSE,
          200,
          null,
          title + " answered " + doing + " with something that is not JSON.");
    } catch (IOException e) {
      throw network(doing, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private ProviderException network(String doing, String reason) {
    return new ProviderException(
        ProviderException.Kind.NETWORK,
        0,
        null,
        "Could not reach "
            + title
            + " while "
            + doing
            + ": "
            + SecretRedactor.redact(reason)
            + ".");
  }

  private static String read(Response response) throws IOException {
    BufferedSource source = response.body().source();
    if (!source.request(MAX_BODY_BYTES + 1)) {
      return source.buffer().readString(StandardCharsets.UTF_8);
    }
    throw new IOException("the answer is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
  }

  private ProviderException failure(
      Response response, String body, String doing, Map<Integer, String> hints) {
    int code = response.code();
    String said = providerMessage(body);
    String detail = said.isEmpty() ? "" : " " + title + " says: \u201c" + said + "\u201d.";
    if (hints.containsKey(code)) {
      return new ProviderException(
          ProviderException.Kind.UNPROCESSABLE,
          code,
          null,
          title + " refused (" + code + ") " + doing + ": " + hints.get(code) + detail);
    }
    return switch (code) {
      case 401 ->
          new ProviderException(
              ProviderException.Kind.UNAUTHORIZED,
              code,
              null,
              title
                  + " rejected opsbot's token (401) while "
                  + doing
                  + ": set "
                  + tokenVariable
                  + " to a valid API token and restart opsbot.");
      case 403 ->
          new ProviderException(
              ProviderException.Kind.FORBIDDEN,
              code,
              null,
              title
                  + " refused (403) "
                  + doing
                  + ": the token in "
                  + tokenVariable
                  + " has no access to it. Use a token of the account or team that owns it."
                  + detail);
      case 404 ->
          new ProviderException(
              ProviderException.Kind.NOT_FOUND,
              code,
              null,
              title
                  + " found nothing (404) while "
                  + doing
                  + ": check the id under rollback.services in the configuration."
                  + detail);
      case 409 ->
          new ProviderException(
              ProviderException.Kind.CONFLICT,
              code,
              null,
              title
                  + " refused (409 conflict) "
                  + doing
                  + ": another deploy or rollback is probably running; look at the "
                  + title
                  + " dashboard before trying again."
                  + detail);
      case 402 ->
          new ProviderException(
              ProviderException.Kind.FORBIDDEN,
              code,
              null,
              title
                  + " refused (402 payment required) "
                  + doing
                  + ": the account that owns it needs payment information; see the "
                  + title
                  + " dashboard's billing page."
                  + detail);
      case 406 ->
          new ProviderException(
              ProviderException.Kind.BAD_RESPONSE,
              code,
              null,
              title
                  + " cannot answer in JSON (406) while "
                  + doing
                  + ": is the API URL in the configuration "
                  + title
                  + "'s API?"
                  + detail);
      case 410 ->
          new ProviderException(
              ProviderException.Kind.NOT_FOUND,
              code,
              null,
              title
                  + " says it is gone (410) while "
                  + doing
                  + ": the service or deploy no longer exists; check the id under"
                  + " rollback.services in the configuration."
                  + detail);
      case 422 ->
          new ProviderException(
              ProviderException.Kind.UNPROCESSABLE,
              code,
              null,
              title
                  + " could not do it (422) while "
                  + doing
                  + ": the deploy may be too old to roll back to, or not a production build."
                  + detail);
      case 429 -> {
        Duration wait = retryAfter(response.header("Retry-After"));
        yield new ProviderException(
            ProviderException.Kind.RATE_LIMITED,
            code,
            wait,
            title
                + " is rate-limiting opsbot (429) while "
                + doing
                + ": try again "
                + (wait == null ? "in a minute" : "in " + seconds(wait))
                + ".");
      }
      case 400 ->
          new ProviderException(
              ProviderException.Kind.BAD_REQUEST,
              code,
              null,
              title + " refused the request (400) while " + doing + "." + detail);
      default ->
          code >= 500
              ? new ProviderException(
                  ProviderException.Kind.SERVER_ERROR,
                  code,
                  null,
                  title
                      + " failed ("
                      + code
                      + ") while "
                      + doing
                      + ": a problem on their side; try again in a few minutes."
                      + detail)
              : new ProviderException(
                  ProviderException.Kind.BAD_RESPONSE,
                  code,
                  null,
                  title + " answered " + code + " while " + doing + "." + detail);
    };
  }

  private static String seconds(Duration wait) {
    long s = Math.max(1, wait.toSeconds());
    return s < 120 ? s + " s" : (s / 60) + " min";
  }

  /** Render puts the reason in {@code message}; Vercel in {@code error.message}. */
  private static String providerMessage(String body) {
    try {
      JsonNode tree = JSON.readTree(body);
      JsonNode message = tree.path("error").path("message");
      if (!message.isTextual()) {
        message = tree.path("message");
      }
      String text = message.isTextual() ? message.asText().strip() : "";
      text = text.length() > 200 ? text.substring(0, 200) + "\u2026" : text;
      return SecretRedactor.redact(text);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
  Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      try {
        Instant at =
            ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  /** Parses an ISO-8601 time or epoch milliseconds; null when absent. */
  static Instant time(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli(node.asLong());
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String text(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
