package dev.opsbot.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.config.SecretRedactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences in Alertmanager through its API v2: {@code POST /api/v2/silences} with one equality
 * matcher per label, and {@code DELETE /api/v2/silence/{silenceID}} to expire it. Neither is
 * retried: a silence whose answer was lost may exist, and a second one would outlive the first's
 * expiry.
 */
public final class AlertmanagerSilencer implements SourceSilencer {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerSilencer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final long MAX_ANSWER_BYTES = 64L * 1024;
  private static final int MAX_QUOTED = 200;

  private final AlertmanagerConnection connection;
  private final OkHttpClient client;
  private final Clock clock;

  public AlertmanagerSilencer(AlertmanagerConnection connection, OkHttpClient shared, Clock clock) {
    this.connection = connection;
    this.client =
        shared
            .newBuilder()
            .connectTimeout(connection.timeout())
            .readTimeout(connection.timeout())
            .callTimeout(connection.timeout())
            .retryOnConnectionFailure(false)
            .build();
    this.clock = clock;
  }

  @Override
  public String silence(Map<String, String> labels, Instant until, String createdBy, String comment)
      throws IOException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    checkSilence(labels, until, now, createdBy, comment);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode matchers = body.putArray("matchers");
    new TreeMap<>(labels)
        .forEach((name, value) ->
            matchers
                .addObject()
                .put("name", name)
                .put("value", value)
                .put("isRegex", false)
                .put("isEqual", true));
    body.put("startsAt", now.toString());
    body.put("endsAt", until.toString());
    body.put("createdBy", createdBy);
    body.put("comment", comment);
    String doing = "creating a silence for " + describe(labels);
    Request request =
        request(api("silences")).post(RequestBody.create(body.toString(), JSON_TYPE)).build();
    Answer answer = call(request, doing);
    if (answer.status() != 200) {
      throw failure(answer, doing);
    }
    String id = silenceId(answer.body());
    if (id.isEmpty()) {
      throw new AlertmanagerException(
          200,
          "Alertmanager answered 200 while "
              + doing
              + " but named no silenceID: is "
              + connection.shown()
              + " Alertmanager's API?");
    }
    log.info("event=alertmanager_silenced silence={} until={}", id, until);
    return id;
  }

  @Override
  public void expire(String silenceId) throws IOException {
    if (silenceId == null || silenceId.isBlank()) {
      throw new IllegalArgumentException("no Alertmanager silence id to expire");
    }
    String doing = "expiring silence " + silenceId;
    Answer answer = call(request(api("silence").addPathSegment(silenceId)).delete().build(), doing);
    if (answer.status() == 200) {
      log.info("event=alertmanager_silence_expired silence={}", silenceId);
      return;
    }
    if (gone(answer)) {
      log.info("event=alertmanager_silence_already_gone silence={}", silenceId);
      return;
    }
    throw failure(answer, doing);
  }

  /**
   * Asks {@code GET /api/v2/alerts} for the alerts matching every label, silenced and inhibited
   * ones included: any whose end is still ahead fires. An answer too long to read whole is taken as
   * firing; only an answer that shows none ends the alert.
   */
  @Override
  public boolean stillFiring(Map<String, String> labels) throws IOException {
    if (labels == null || labels.isEmpty()) {
      return true;
    }
    HttpUrl.Builder url =
        api("alerts")
            .addQueryParameter("active", "true")
            .addQueryParameter("silenced", "true")
            .addQueryParameter("inhibited", "true")
            .addQueryParameter("unprocessed", "true");
    new TreeMap<>(labels)
        .forEach((name, value) -> url.addQueryParameter("filter", matcher(name, value)));
    String doing = "listing the alerts of " + describe(labels);
    Answer answer = call(request(url).get().build(), doing);
    if (answer.status() != 200) {
      throw failure(answer, doing);
    }
    JsonNode alerts;
    try {
      alerts = JSON.readTree(answer.body());
    } catch (IOException e) {
      return true; // longer than we read, or not JSON: not proof that it ended
    }
    if (alerts == null || !alerts.isArray()) {
      return true;
    }
    Instant now = clock.instant();
    for (JsonNode alert : alerts) {
      String endsAt = alert.path("endsAt").asText("");
      if (endsAt.isEmpty() || !Instant.parse(endsAt).isBefore(now)) {
        return true;
      }
    }
    return false;
  }

  /** {@code name="value"} in Alertmanager's matcher syntax, the value's quotes escaped. */
  private static String matcher(String name, String value) {
    return name
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }

  /**
   * Already expired and collected, or never there: the goal (no silence) holds. Alertmanager 0.26
   * and later answer 404; 0.25 (Debian 12's) answers 500 with "silence not found".
   */
  private static boolean gone(Answer answer) {
    return answer.status() == 404
        || answer.status() == 500 && quoted(answer.body()).equals("silence not found");
  }

  private static void checkSilence(
      Map<String, String> labels, Instant until, Instant now, String createdBy, String comment) {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException("a silence needs at least one label to match");
    }
    labels.forEach((name, value) -> {
      if (name == null || name.isBlank() || value == null) {
        throw new IllegalArgumentException(
            "a silence's labels need a name and a value each: " + labels);
      }
    });
    if (labels.values().stream().allMatch(String::isEmpty)) {
      // Alertmanager refuses a silence whose matchers all match the empty string.
      throw new IllegalArgumentException(
          "a silence needs at least one label with a value: " + labels);
    }
    if (until == null || !until.isAfter(now)) {
      throw new IllegalArgumentException(
          "a silence must end after now (" + now + "); asked to end at " + until);
    }
    if (createdBy == null || createdBy.isBlank()) {
      throw new IllegalArgumentException("a silence needs the name of who made it");
    }
    if (comment == null || comment.isBlank()) {
      throw new IllegalArgumentException("a silence needs a comment");
    }
  }

  private HttpUrl.Builder api(String resource) {
    return connection.url().newBuilder().addPathSegments("api/v2").addPathSegment(resource);
  }

  private Request.Builder request(HttpUrl.Builder url) {
    Request.Builder builder =
        new Request.Builder().url(url.build()).header("Accept", "application/json");
    if (connection.password() != null) {
      builder.header(
          "Authorization",
          Credentials.basic(
              connection.username(), connection.password().reveal(), StandardCharsets.UTF_8));
    } else if (connection.bearerToken() != null) {
      builder.header("Authorization", "Bearer " + connection.bearerToken().reveal());
    }
    return builder;
  }

  private record Answer(int status, String body) {}

  private Answer call(Request request, String doing) throws AlertmanagerException {
    try (Response response = client.newCall(request).execute()) {
      return new Answer(response.code(), read(response));
    } catch (InterruptedIOException e) {
      throw logged(
          new AlertmanagerException(
              "Alertmanager at "
                  + connection.shown()
                  + " did not answer within "
                  + connection.timeout().toMillis()
                  + " ms while "
                  + doing
                  + ".",
              e));
    } catch (IOException e) {
      throw logged(
          new AlertmanagerException(
              "Could not reach Alertmanager at "
                  + connection.shown()
                  + " while "
                  + doing
                  + ": "
                  + SecretRedactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage())
                  + ".",
              e));
    }
  }

  private static String read(Response response) throws IOException {
    BufferedSource source = response.body().source();
    if (source.request(MAX_ANSWER_BYTES + 1)) {
      return source.buffer().readString(MAX_ANSWER_BYTES, StandardCharsets.UTF_8);
    }
    return source.buffer().readString(StandardCharsets.UTF_8);
  }

  private AlertmanagerException failure(Answer answer, String doing) {
    int status = answer.status();
    String said = quoted(answer.body());
    String detail = said.isEmpty() ? "" : " Alertmanager says: \u201c" + said + "\u201d.";
    String message =
        switch (status) {
          case 400 -> "Alertmanager refused (400) " + doing + "." + detail;
          case 401, 403 ->
              "Alertmanager at "
                  + connection.shown()
                  + " (or a proxy in front of it) refused opsbot's credentials ("
                  + status
                  + ") while "
                  + doing
                  + ": check "
                  + AlertmanagerConnection.USERNAME_VARIABLE
                  + " and "
                  + AlertmanagerConnection.PASSWORD_VARIABLE
                  + ", or "
                  + AlertmanagerConnection.TOKEN_VARIABLE
                  + ".";
          case 404 ->
              "Alertmanager at "
                  + connection.shown()
                  + " found nothing (404) while "
                  + doing
                  + ": is "
                  + AlertmanagerConnection.URL_VARIABLE
                  + " Alertmanager's root URL?"
                  + detail;
          default ->
              status >= 500
                  ? "Alertmanager failed (" + status + ") while " + doing + "." + detail
                  : "Alertmanager answered " + status + " while " + doing + "." + detail;
        };
    return logged(new AlertmanagerException(status, message));
  }

  private static AlertmanagerException logged(AlertmanagerException e) {
    log.warn("event=alertmanager_call_failed status={} message=\"{}\"", e.status(), e.getMessage());
    return e;
  }

  private static String silenceId(String body) {
    try {
      JsonNode id = JSON.readTree(body).path("silenceID");
      return id.isTextual() ? id.asText().strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Alertmanager's reason for an error: its handlers answer a JSON string, its request validation
   * an object with {@code message}; a proxy may answer plain text.
   */
  private static String quoted(String body) {
    String text;
    try {
      JsonNode tree = JSON.readTree(body);
      text =
          tree == null
              ? ""
              : tree.isTextual()
                  ? tree.asText()
                  : tree.path("message").isTextual() ? tree.path("message").asText() : body;
    } catch (IOException e) {
      text = body;
    }
    text = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    if (text.length() > MAX_QUOTED) {
      text = text.substring(0, MAX_QUOTED) + "\u2026";
    }
    return SecretRedactor.redact(text);
  }

  private static String describe(Map<String, String> labels) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(labels)
        .forEach((name, value) ->
            text.append(text.isEmpty() ? "" : ", ")
                .append(name)
                .append("=\"")
                .append(value)
                .append('"'));
    return text.toString();
  }
}
