package dev.opsbot.chat.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's text rules: the three mrkdwn control characters escaped, and text cut or split to fit a
 * length limit without breaking an escape or a surrogate pair.
 */
final class SlackText {
  static final String ELLIPSIS = "...";
  static final String FENCE = "```";

  private SlackText() {}

  /**
   * Escapes {@code & < >} so that user-supplied text cannot become a mention, a link or a channel
   * broadcast ({@code <!channel>}).
   */
  static String escape(String raw) {
    return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A user mention or a user-group mention, and nothing else (no broadcast, no link). */
  private static final Pattern MENTION =
      Pattern.compile("<(?:@[UW][A-Z0-9]{2,}|!subteam\\^[A-Z0-9]{2,})>");

  /**
   * Escaped as {@link #escape} does, except user and user-group mentions, which stay mentions: for
   * a page, whose whole point is to notify the people it names. Broadcasts stay escaped.
   */
  static String escapeKeepingMentions(String raw) {
    Matcher mention = MENTION.matcher(raw);
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (mention.find()) {
      out.append(escape(raw.substring(from, mention.start()))).append(mention.group());
      from = mention.end();
    }
    return out.append(escape(raw.substring(from))).toString();
  }

  /**
   * Preformatted text for a {@code ```} block: escaped, and with any fence inside it broken (a zero
   * width space after the first backtick) so that it cannot close the block early.
   */
  static String escapeCode(String raw) {
    return escape(raw).replace(FENCE, "`\u200B``");
  }

  /** The text itself if it fits, otherwise as much as fits followed by "...". */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, safeCut(text, max - ELLIPSIS.length())) + ELLIPSIS;
  }

  /**
   * Groups lines into chunks of at most {@code max} characters (lines joined by newlines), breaking
   * only between lines; a single line longer than {@code max} is cut into pieces.
   */
  static List<String> chunkLines(List<String> lines, int max) {
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (String line : lines) {
      for (String piece : pieces(line, max)) {
        if (!chunk.isEmpty() && chunk.length() + 1 + piece.length() > max) {
          chunks.add(chunk.toString());
          chunk.setLength(0);
        }
        if (!chunk.isEmpty()) {
          chunk.append('\n');
        }
        chunk.append(piece);
      }
    }
    if (!chunk.isEmpty() || chunks.isEmpty()) {
      chunks.add(chunk.toString());
    }
    return chunks;
  }

  private static List<String> pieces(String line, int max) {
    if (line.length() <= max) {
      return List.of(line);
    }
    List<String> pieces = new ArrayList<>();
    String rest = line;
    while (rest.length() > max) {
      int cut = Math.max(1, safeCut(rest, max));
      pieces.add(rest.substring(0, cut));
      rest = rest.substring(cut);
    }
    if (!rest.isEmpty()) {
      pieces.add(rest);
    }
    return pieces;
  }

  /**
   * The largest cut position at or below {@code end} that splits neither a surrogate pair nor an
   * escape such as {@code &amp;}.
   */
  private static int safeCut(String text, int end) {
    int cut = Math.max(0, end);
    if (cut > 0 && cut < text.length() && Character.isLowSurrogate(text.charAt(cut))) {
      cut--;
    }
    int amp = cut > 0 ? text.lastIndexOf('&', cut - 1) : -1;
    if (amp >= 0 && cut - amp < "&amp;".length() && text.indexOf(';', amp) >= cut) {
      cut = amp;
    }
    return cut;
  }
}
