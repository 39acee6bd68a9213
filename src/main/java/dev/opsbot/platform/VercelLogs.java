package dev.opsbot.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.config.SecretRedactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import okhttp3.HttpUrl;

/**
 * Vercel's runtime logs of a project's production deployment: {@code GET
 * /v1/projects/{projectId}/deployments/{deploymentId}/runtime-logs}, a stream of JSON objects, one
 * a line ({@code level}, {@code message}, {@code timestampInMs}). Vercel filters nothing, so the
 * window, text and level are applied here; the stream is read up to a byte cap or until it stays
 * quiet past the read timeout, whichever comes first.
 */
final class VercelLogs {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Lines kept while reading: the newest so many that match. */
  private static final int KEPT = 1000;

  private final HttpUrl base;
  private final String teamId;
  private final PlatformHttp http;
  private final long maxBytes;

  VercelLogs(HttpUrl base, String teamId, PlatformHttp http, long maxBytes) {
    this.base = base;
    this.teamId = teamId;
    this.http = http;
    this.maxBytes = maxBytes;
  }

  LogRead read(String projectId, LogQuery query, Instant now) {
    JsonNode project =
        http.get(
            url("v9", "projects", projectId),
            "reading project " + projectId,
            1024 * 1024,
            input -> JSON.readTree(input));
    String deployment = project.path("targets").path("production").path("id").asText(null);
    if (deployment == null) {
      throw new PlatformException(
          "Vercel shows no production deployment of " + projectId + ": no runtime logs to read.");
    }
    return http.get(
        url("v1", "projects", projectId, "deployments", deployment, "runtime-logs"),
        "reading the runtime logs of " + projectId,
        maxBytes,
        input -> {
          Deque<LogLine> kept = new ArrayDeque<>();
          String cut = null;
          try (BufferedReader reader =
              new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
              LogLine line = line(text);
              if (line != null && query.matches(line, now)) {
                kept.addLast(line);
                if (kept.size() > KEPT) {
                  kept.removeFirst();
                }
              }
            }
          } catch (InterruptedIOException e) {
            cut = "Vercel's stream stayed open; read what arrived until it went quiet";
          }
          if (input.cut()) {
            cut = "Vercel's answer was longer than " + maxBytes / 1024 + " KiB; read that much";
          }
          return new LogRead(kept.stream().toList(), cut);
        });
  }

  private static LogLine line(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      Instant at =
          node.has("timestampInMs")
              ? Instant.ofEpochMilli(node.get("timestampInMs").asLong())
              : null;
      return new LogLine(
          at,
          node.path("level").asText(null),
          SecretRedactor.redact(node.path("message").asText("")));
    } catch (IOException e) {
      // A line cut by the byte cap, or not JSON: skipped, not fatal.
      return null;
    }
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : segments) {
      url.addPathSegment(segment);
    }
    if (teamId != null) {
      url.addQueryParameter("teamId", teamId);
    }
    return url.build();
  }
}
