package dev.opsbot.status;

import java.util.regex.Pattern;

/**
 * What the public page may say: the probe's reason is taken out of an alert's summary, and whatever
 * still looks like a URL, an IP address or a host name is replaced, so that a summary template or a
 * value naming a host does not slip through.
 */
final class PublicText {
  static final String HIDDEN = "(hidden)";

  private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+");
  private static final Pattern IPV6 =
      Pattern.compile(
          "\\[[0-9A-Fa-f:.]+](?::\\d+)?"
              + "|\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b"
              + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::"
              + "(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?(?![\\w:])");
  private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b");
  private static final Pattern HOST =
      Pattern.compile(
          "(?i)\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}\\b(?::\\d+)?"
              + "|\\blocalhost\\b(?::\\d+)?");
  private static final Pattern TRAILING = Pattern.compile("[\\s:;,(\\-\u2013\u2014]+$");

  private PublicText() {}

  /** The summary without the reason in it, scrubbed; "Incident" if nothing is left. */
  static String summary(String summary, String reason) {
    String text = summary == null ? "" : summary;
    if (reason != null && !reason.isBlank()) {
      text = text.replace(reason, "");
    }
    text = TRAILING.matcher(scrub(text).strip()).replaceAll("");
    return text.isBlank() ? "Incident" : text;
  }

  /** URLs, IP addresses and host names replaced by "(hidden)". */
  static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String result = URL.matcher(text).replaceAll(HIDDEN);
    result = IPV6.matcher(result).replaceAll(HIDDEN);
    result = IPV4.matcher(result).replaceAll(HIDDEN);
    return HOST.matcher(result).replaceAll(HIDDEN);
  }
}
