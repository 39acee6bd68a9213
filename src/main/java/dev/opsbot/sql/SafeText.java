package dev.opsbot.sql;

import dev.opsbot.chat.ControlCharacters;

/**
 * Text from the database made safe to show in one table cell or error line: line breaks and tabs
 * become spaces, and every other control character is made visible by {@link ControlCharacters}.
 */
final class SafeText {
  private SafeText() {}

  static String of(String text) {
    String flat =
        text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\t') < 0
            ? text
            : text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return ControlCharacters.escape(flat);
  }
}
