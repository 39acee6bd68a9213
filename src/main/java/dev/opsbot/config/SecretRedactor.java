package dev.opsbot.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Masks every known secret value in free text: log lines, error messages, chat replies. */
public final class SecretRedactor {
  // Shorter values would mask ordinary words and numbers; they are weak secrets anyway.
  private static final int MIN_LENGTH = 4;
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private SecretRedactor() {}

  static void register(String value) {
    if (value.length() >= MIN_LENGTH) {
      SECRETS.add(value);
    }
  }

  public static String redact(String text) {
    if (text == null || SECRETS.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : SECRETS) {
      if (result.contains(secret)) {
        result = result.replace(secret, "******");
      }
    }
    return result;
  }
}
