package dev.opsbot.chat;

import java.util.List;

/**
 * Makes control characters visible instead of acting: a query result or a service's answer holding
 * ESC or BEL must not drive the terminal (or a chat client) that shows it. Every renderer cleans a
 * message with {@link #clean(Message)} before rendering it.
 *
 * <p>Line feeds and tabs are kept, as text is laid out with them. C0 controls and DEL become their
 * Unicode control pictures (ESC shows as {@code ␛}, one column wide like the character it
 * replaces); C1 controls, the bidirectional marks, overrides and isolates, which can reorder what a
 * reader sees, and the line and paragraph separators become {@code <U+202E>}. This is the one
 * definition of an unsafe character: /sql's cells and errors use it too.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** The text with every control character made visible; null stays null. */
  public static String escape(String text) {
    if (text == null || !needsEscaping(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isUnsafe(c)) {
        out.append(c);
      } else if (c < 0x20) {
        out.append((char) (0x2400 + c));
      } else if (c == 0x7f) {
        out.append('\u2421');
      } else {
        out.append(String.format("<U+%04X>", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean needsEscaping(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnsafe(char c) {
    if (c == '\n' || c == '\t') {
      return false;
    }
    return Character.getType(c) == Character.CONTROL
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c'
        || c == '\u2028'
        || c == '\u2029';
  }

  /**
   * The message with every shown text escaped; button ids and values and files stay as they are.
   */
  public static Message clean(Message message) {
    List<Block> blocks = message.blocks().stream().map(ControlCharacters::clean).toList();
    return new Message(
        blocks, escape(message.fallbackText()), message.visibility(), message.tone());
  }

  private static Block clean(Block block) {
    return switch (block) {
      case Block.Header header -> new Block.Header(escape(header.text()));
      case Block.Text text -> new Block.Text(escape(text.text()));
      case Block.Fields fields ->
          new Block.Fields(
              fields.fields().stream()
                  .map(f -> new Block.Field(escape(f.label()), escape(f.value())))
                  .toList());
      case Block.Table table ->
          new Block.Table(
              escapeAll(table.columns()),
              table.rows().stream().map(ControlCharacters::escapeAll).toList());
      case Block.Code code -> new Block.Code(escape(code.text()));
      case Block.Buttons buttons ->
          new Block.Buttons(
              buttons.buttons().stream()
                  .map(b -> new Block.Button(b.actionId(), escape(b.label()), b.value(), b.style()))
                  .toList());
      case Block.Context context -> new Block.Context(escape(context.text()));
      case Block.Page page -> new Block.Page(escape(page.mention()), escape(page.text()));
      case Block.Image image -> new Block.Image(escape(image.url()), escape(image.altText()));
      // The content is a file to download, not text shown: only what is shown is escaped.
      case Block.File file ->
          new Block.File(
              escape(file.name()),
              file.mimeType(),
              file.content(),
              escape(file.summary()),
              file.bytes());
    };
  }

  private static List<String> escapeAll(List<String> texts) {
    return texts.stream().map(ControlCharacters::escape).toList();
  }
}
