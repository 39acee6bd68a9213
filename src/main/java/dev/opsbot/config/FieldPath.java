package dev.opsbot.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonPointer;
import java.util.regex.Pattern;

/**
 * A jq-style path to a field of a JSON response: {@code .status}, {@code .aurea.running}, {@code
 * .next_jobs[0].name}.
 */
public record FieldPath(String text, JsonPointer pointer) {
  private static final Pattern FORM =
      Pattern.compile("(\\.[A-Za-z_$][A-Za-z0-9_$-]*(\\[\\d+])*)+|\\.");

  @JsonCreator
  public static FieldPath of(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a field path: write it like .status, .aurea.running or .jobs[0].name");
    }
    if (text.equals(".")) {
      return new FieldPath(text, JsonPointer.empty());
    }
    String pointer = text.replace("[", ".").replace("]", "").replace('.', '/');
    return new FieldPath(text, JsonPointer.compile(pointer));
  }

  @Override
  public String toString() {
    return text;
  }
}
