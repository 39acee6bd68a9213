package dev.opsbot.chat.discord;

/**
 * A button's action id and value in one Discord custom id ({@code alert.ack|42}), since Discord
 * buttons carry a single id of at most 100 characters.
 */
final class ButtonIds {
  static final char SEPARATOR = '|';

  private ButtonIds() {}

  static String encode(String actionId, String value) {
    return value == null ? actionId : actionId + SEPARATOR + value;
  }

  /** The action id of a custom id. */
  static String actionId(String customId) {
    int at = customId.indexOf(SEPARATOR);
    return at < 0 ? customId : customId.substring(0, at);
  }

  /** The value of a custom id, or null when it has none. */
  static String value(String customId) {
    int at = customId.indexOf(SEPARATOR);
    return at < 0 ? null : customId.substring(at + 1);
  }
}
