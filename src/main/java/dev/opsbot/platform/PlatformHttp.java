package dev.opsbot.platform;

import dev.opsbot.config.Secret;
import dev.opsbot.config.SecretRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads from one platform's API with its bearer token: a call timeout, at most a given number of
 * bytes of the answer, and one clear message per failing status. Reads only; nothing is retried (a
 * person asked and can ask again; the metrics are read again on their interval).
 */
final class PlatformHttp {
  private static final Logger log = LoggerFactory.getLogger(PlatformHttp.class);
  private static final int ERROR_BODY_BYTES = 4096;

  /** Reads a capped answer body; {@code input.cut()} tells whether the cap was reached. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(BoundedInput input) throws IOException;
  }

  private final String title;
  private final String tokenVariable;
  private final Secret token;
  private final OkHttpClient client;

  PlatformHttp(
      String title, String tokenVariable, Secret token, OkHttpClient shared, Duration timeout) {
    this.title = title;
    this.tokenVariable = tokenVariable;
    this.token = token;
    this.client =
        shared
            .newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .build();
  }

  String title() {
    return title;
  }

  <T> T get(HttpUrl url, String doing, long maxBytes, BodyReader<T> reader) {
    Request request =
        new Request.Builder()
            .url(url)
            .get()
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/json")
            .build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw failure(response, doing);
      }
      try (InputStream body = response.body().byteStream()) {
        return reader.read(new BoundedInput(body, maxBytes));
      }
    } catch (InterruptedIOException e) {
      throw fail(doing, "no answer in time");
    } catch (IOException e) {
      throw fail(
          doing, e.getClass().getSimpleName() + ": " + SecretRedactor.redact(e.getMessage()));
    }
  }

  private PlatformException fail(String doing, String why) {
    log.warn("event=platform_call_failed platform={} doing=\"{}\" why=\"{}\"", title, doing, why);
    return new PlatformException("Could not reach " + title + " while " + doing + ": " + why + ".");
  }

  private PlatformException failure(Response response, String doing) throws IOException {
    int code = response.code();
    String said = said(response);
    log.warn("event=platform_call_failed platform={} doing=\"{}\" status={}", title, doing, code);
    String detail = said.isEmpty() ? "" : " " + title + " says: \u201c" + said + "\u201d.";
    return new PlatformException(
        switch (code) {
          case 401 ->
              title
                  + " rejected opsbot's token (401) while "
                  + doing
                  + ": set "
                  + tokenVariable
                  + " to a valid API token.";
          case 403 ->
              title
                  + " refused (403) "
                  + doing
                  + ": the token in "
                  + tokenVariable
                  + " has no access to it."
                  + detail;
          case 404 ->
              title
                  + " found nothing (404) while "
                  + doing
                  + ": check the id under rollback.services."
                  + detail;
          case 429 ->
              title
                  + " is rate-limiting opsbot (429) while "
                  + doing
                  + ": try again "
                  + retryAfter(response.header("Retry-After"))
                  + ".";
          default ->
              code >= 500
                  ? title
                      + " failed ("
                      + code
                      + ") while "
                      + doing
                      + ": try again shortly."
                      + detail
                  : title + " answered " + code + " while " + doing + "." + detail;
        });
  }

  private static String retryAfter(String header) {
    try {
      long seconds = Long.parseLong(header == null ? "" : header.strip());
      return "in " + Math.max(1, seconds) + " s";
    } catch (NumberFormatException e) {
      return "in a minute";
    }
  }

  /** The first words of an error answer, masked; empty when it has none. */
  private static String said(Response response) throws IOException {
    byte[] bytes = new BoundedInput(response.body().byteStream(), ERROR_BODY_BYTES).readAllBytes();
    String body = new String(bytes, StandardCharsets.UTF_8);
    var matcher =
        java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"([^\"]{1,200})").matcher(body);
    return matcher.find() ? SecretRedactor.redact(matcher.group(1)) : "";
  }
}
