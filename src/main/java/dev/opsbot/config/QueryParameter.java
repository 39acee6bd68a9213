package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

/** A parameter of a saved query: its type (integer, number, text, date, timestamp, uuid). */
public record QueryParameter(String type, String description) {
  public QueryParameter {
    type = requireNonNullElse(type, "text");
    description = requireNonNullElse(description, "");
  }
}
