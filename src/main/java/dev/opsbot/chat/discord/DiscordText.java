package dev.opsbot.chat.discord;

/** Cutting and fencing text for Discord's length limits and markdown. */
final class DiscordText {
  static final String FENCE = "```";

  private DiscordText() {}

  /** At most {@code max} characters; a cut text ends in "...". */
  static String truncate(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return max <= 3 ? text.substring(0, max) : text.substring(0, max - 3) + "...";
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  /** Text that cannot close the code block it is put in. */
  static String inCode(String text) {
    return text.replace(FENCE, "`\u200b``");
  }

  /** The text inside a code block: fences on lines of their own around it. */
  static String fenced(String code) {
    return FENCE + "\n" + code + "\n" + FENCE;
  }
}
