package dev.opsbot.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.opsbot.config.SecretRedactor;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Render's logs API: {@code GET /logs} with the workspace ({@code ownerId}), the service as {@code
 * resource}, the window as {@code startTime}/{@code endTime}, {@code direction=backward} (newest
 * first) and the text and level filters. The answer is read as a stream, up to a byte cap: a huge
 * answer yields the newest lines that fit, never a hang or a heap full of them.
 */
final class RenderLogs {
  /** Render pages logs at most this many at a time. */
  static final int PAGE = 100;

  private static final JsonFactory JSON = new JsonFactory();

  private final HttpUrl base;
  private final String ownerId;
  private final PlatformHttp http;
  private final long maxBytes;

  RenderLogs(HttpUrl base, String ownerId, PlatformHttp http, long maxBytes) {
    this.base = base;
    this.ownerId = ownerId;
    this.http = http;
    this.maxBytes = maxBytes;
  }

  LogRead read(String serviceId, LogQuery query, Instant now) {
    HttpUrl.Builder url =
        base.newBuilder()
            .addPathSegment("logs")
            .addQueryParameter("ownerId", ownerId)
            .addQueryParameter("resource", serviceId)
            .addQueryParameter("startTime", now.minus(query.since()).toString())
            .addQueryParameter("endTime", now.toString())
            .addQueryParameter("direction", "backward")
            .addQueryParameter("limit", String.valueOf(PAGE));
    if (query.grep() != null) {
      url.addQueryParameter("text", "*" + query.grep() + "*");
    }
    if (query.level() != null) {
      url.addQueryParameter("level", query.level());
    }
    return http.get(
        url.build(),
        "reading the logs of " + serviceId,
        maxBytes,
        input -> {
          List<LogLine> lines = new ArrayList<>();
          String cut = null;
          try (JsonParser parser = JSON.createParser(input)) {
            parse(parser, lines);
          } catch (IOException e) {
            if (!input.cut()) {
              throw e;
            }
          }
          if (input.cut()) {
            cut = "Render's answer was longer than " + maxBytes / 1024 + " KiB; read that much";
          }
          List<LogLine> kept = new ArrayList<>();
          for (LogLine line : lines) {
            if (query.matches(line, now)) {
              kept.add(line);
            }
          }
          // Backward: newest first; people read logs oldest first.
          Collections.reverse(kept);
          return new LogRead(kept, cut);
        });
  }

  /** The entries of {@code logs}, in order, as far as the answer goes. */
  private static void parse(JsonParser parser, List<LogLine> lines) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("Render's logs answer is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("logs".equals(field) && value == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          lines.add(entry(parser));
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  private static LogLine entry(JsonParser parser) throws IOException {
    String message = "";
    Instant at = null;
    String level = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "message" -> message = value == JsonToken.VALUE_STRING ? parser.getText() : "";
        case "timestamp" -> at = time(parser.getText());
        case "labels" -> {
          if (value == JsonToken.START_ARRAY) {
            level = levelLabel(parser, level);
          } else {
            parser.skipChildren();
          }
        }
        default -> parser.skipChildren();
      }
    }
    return new LogLine(at, level, SecretRedactor.redact(message));
  }

  private static String levelLabel(JsonParser parser, String level) throws IOException {
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      String value = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("name".equals(field)) {
          name = parser.getText();
        } else if ("value".equals(field)) {
          value = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      if ("level".equals(name)) {
        level = value;
      }
    }
    return level;
  }

  private static Instant time(String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      return null;
    }
  }
}
