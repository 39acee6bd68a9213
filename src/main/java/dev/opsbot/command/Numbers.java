package dev.opsbot.command;

/**
 * Whole numbers as typed in commands and button values: ASCII digits only. {@link Long#parseLong}
 * also takes Arabic-Indic, Devanagari and other Unicode digits, so {@code ٣} would name alert 3.
 */
public final class Numbers {
  private Numbers() {}

  /**
   * The number written with ASCII digits 0-9 (and an optional leading minus); a {@link
   * NumberFormatException} for anything else, as {@link Long#parseLong} throws.
   */
  public static long parseLong(String text) {
    if (text == null || !text.matches("-?[0-9]{1,19}")) {
      throw new NumberFormatException("not a number written with the digits 0-9: " + text);
    }
    return Long.parseLong(text);
  }

  /** As {@link #parseLong}, within the range of an int. */
  public static int parseInt(String text) {
    long value = parseLong(text);
    if (value != (int) value) {
      throw new NumberFormatException("out of range: " + text);
    }
    return (int) value;
  }
}
