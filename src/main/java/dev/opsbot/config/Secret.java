package dev.opsbot.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

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
