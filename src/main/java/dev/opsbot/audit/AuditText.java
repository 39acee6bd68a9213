package dev.opsbot.audit;

import dev.opsbot.chat.ControlCharacters;

/** Audit text made storable: PostgreSQL's text holds no NUL and no broken UTF-16. */
final class AuditText {
  /** A pasted megabyte is kept as its start and its length, not whole, in every row. */
  static final int MAX_CHARS = 8_000;

  private AuditText() {}

  /**
   * The text with NUL shown as {@code ␀}, unpaired surrogates as U+FFFD, and at most {@link
   * #MAX_CHARS} characters; null stays null.
   */
  static String storable(String text) {
    if (text == null) {
      return null;
    }
    boolean cut = text.length() > MAX_CHARS;
    String kept = cut ? text.substring(0, MAX_CHARS) : text;
    StringBuilder out = null;
    for (int i = 0; i < kept.length(); i++) {
      char c = kept.charAt(i);
      char replacement = c;
      if (c == '\u0000') {
        replacement = '\u2400';
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < kept.length() && Character.isLowSurrogate(kept.charAt(i + 1))) {
          if (out != null) {
            out.append(c).append(kept.charAt(i + 1));
          }
          i++;
          continue;
        }
        replacement = '\ufffd';
      } else if (Character.isLowSurrogate(c)) {
        replacement = '\ufffd';
      }
      if (replacement != c && out == null) {
        out = new StringBuilder(kept.length()).append(kept, 0, i);
      }
      if (out != null) {
        out.append(replacement);
      }
    }
    String result = out == null ? kept : out.toString();
    return cut ? result + "\u2026 (" + (text.length() - MAX_CHARS) + " more characters)" : result;
  }

  /** A value for one log line: controls visible (no forged lines), at most 200 characters. */
  static String forLog(String text) {
    if (text == null) {
      return null;
    }
    String shown = text.length() > 200 ? text.substring(0, 200) + "\u2026" : text;
    return ControlCharacters.escape(shown).replace("\n", "\\n").replace("\"", "'");
  }
}
