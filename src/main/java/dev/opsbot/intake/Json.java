package dev.opsbot.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reading a payload's fields, each problem named by where it is. */
final class Json {
  private Json() {}

  static String text(JsonNode node, String field, String where, boolean required)
      throws PayloadProblem {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new PayloadProblem(where + field + ": missing");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new PayloadProblem(where + field + ": expected a string, got " + kind(value));
    }
    return noNul(value.asText(), where + field);
  }

  /** PostgreSQL stores no NUL character: refused here, with where it was. */
  static String noNul(String text, String where) throws PayloadProblem {
    if (text.indexOf('\u0000') >= 0) {
      throw new PayloadProblem(where + ": contains a NUL character (\\u0000)");
    }
    return text;
  }

  /** An object of string values, sorted by name; empty when absent. */
  static Map<String, String> labels(JsonNode node, String field, String where)
      throws PayloadProblem {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    return labels(value, where + field);
  }

  static Map<String, String> labels(JsonNode value, String where) throws PayloadProblem {
    if (!value.isObject()) {
      throw new PayloadProblem(where + ": expected an object of strings, got " + kind(value));
    }
    Map<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode v = entry.getValue();
      if (v.isValueNode() && !v.isNull()) {
        String at = where + "." + entry.getKey();
        labels.put(noNul(entry.getKey(), at), noNul(v.asText(), at));
      } else if (!v.isNull()) {
        throw new PayloadProblem(
            where + "." + entry.getKey() + ": expected a string, got " + kind(v));
      }
    }
    return new LinkedHashMap<>(labels);
  }

  /** An RFC 3339 time; Go's zero time (year 1) means none. */
  static Instant time(JsonNode node, String field, String where) throws PayloadProblem {
    String text = text(node, field, where, false);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Instant at = OffsetDateTime.parse(text).toInstant();
      return at.isBefore(Instant.parse("1970-01-02T00:00:00Z")) ? null : at;
    } catch (DateTimeParseException e) {
      throw new PayloadProblem(
          where + field + ": '" + Text.cut(text, 40) + "' is not an RFC 3339 time");
    }
  }

  static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
      default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
