package dev.opsbot.chat.slack;

/** A value for one log line: control characters escaped (no forged lines), and kept short. */
final class LogSafe {
  private static final int MAX = 300;

  private LogSafe() {}

  static String text(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX + 3));
    for (int i = 0; i < value.length() && safe.length() < MAX; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> safe.append("\\n");
        case '\r' -> safe.append("\\r");
        case '\t' -> safe.append("\\t");
        case '"' -> safe.append("\\\"");
        case '\\' -> safe.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            safe.append(String.format("\\u%04x", (int) c));
          } else {
            safe.append(c);
          }
        }
      }
    }
    return safe.length() >= MAX ? safe.append("...").toString() : safe.toString();
  }
}
