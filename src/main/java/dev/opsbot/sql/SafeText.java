package dev.opsbot.sql;

/**
 * Text from the database made safe to show on a terminal or in chat: line breaks and tabs become
 * spaces, and no control character reaches the reader raw. C0 controls and DEL become their visible
 * Unicode symbols (ESC shows as ␛, BEL as ␇, NUL as ␀); C1 controls, bidirectional overrides and
 * isolates, and the line and paragraph separators become {@code <U+202E>}.
 */
final class SafeText {
  private SafeText() {}

  static String of(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(char c) {
    if (c == '\n' || c == '\r' || c == '\t') {
      return " ";
    }
    if (c < 0x20) {
      return String.valueOf((char) (0x2400 + c));
    }
    if (c == 0x7F) {
      return "\u2421";
    }
    if ((c >= 0x80 && c <= 0x9F)
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200E
        || c == 0x200F
        || c == 0x061C
        || c == 0x2028
        || c == 0x2029) {
      return String.format("<U+%04X>", (int) c);
    }
    return null;
  }
}
