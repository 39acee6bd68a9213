package dev.opsbot.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret value from the environment or a secret file; it never prints itself.
 *
 * <p>Every secret registers with {@link SecretRedactor} so that a value that slips into a log line
 * or an exception message is masked there too.
 */
public final class Secret {
  private static final String MASK = "******";
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
    SecretRedactor.register(value);
  }

  @JsonCreator
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear value, for the one place that sends it (an HTTP header, a JDBC property). */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /**
   * What makes the value unusable in an HTTP header or a connection property, such as "a carriage
   * return at the end", without quoting it; empty when it is one clean line.
   */
  public Optional<String> controlCharacter() {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        String where =
            i == value.length() - 1
                ? "at the end"
                : "at character " + (i + 1) + " of " + value.length();
        return Optional.of(name(c) + " " + where);
      }
    }
    return Optional.empty();
  }

  private static String name(char c) {
    return switch (c) {
      case '\r' -> "a carriage return (\\r)";
      case '\n' -> "a line feed (\\n)";
      case '\t' -> "a tab";
      case '\0' -> "a NUL byte";
      default -> String.format("a control character (U+%04X)", (int) c);
    };
  }

  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
