package dev.opsbot.logging;

/**
 * Keeps every log record's text on its own line: a value a user controls (a command, a header, a
 * request body) cannot start a line that reads like another record.
 */
final class OneLine {
  private OneLine() {}

  /** Line breaks and other control characters (tab aside) as visible escapes. */
  static String message(String text) {
    if (text == null || text.chars().noneMatch(OneLine::escaped)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(c -> {
          switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
              if (escaped(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            }
          }
        });
    return out.toString();
  }

  /**
   * A stack trace with every line indented: only a record's own first line starts at the margin, so
   * an exception message holding a line break cannot forge a record either.
   */
  static String trace(String trace) {
    if (trace == null || trace.isEmpty()) {
      return trace;
    }
    StringBuilder out = new StringBuilder(trace.length() + 64);
    for (String line : trace.split("\r\n|\r|\n|\u0085|\u2028|\u2029", -1)) {
      if (!line.isEmpty() && !line.startsWith("\t")) {
        out.append('\t');
      }
      out.append(message(line)).append(System.lineSeparator());
    }
    // split(-1) gives a last empty piece for the trailing line break; drop its extra separator.
    out.setLength(out.length() - System.lineSeparator().length());
    return out.toString();
  }

  private static boolean escaped(int c) {
    return (c < 0x20 && c != '\t')
        || c == 0x7f
        || (c >= 0x80 && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029;
  }
}
