package dev.opsbot.mail;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.ControlCharacters;
import dev.opsbot.chat.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a neutral message as a simple HTML email body; pictures among its files are shown inline
 * through {@code cid:} references to the images returned alongside.
 */
public final class HtmlRenderer {
  /** The HTML and the pictures it refers to. */
  public record Html(String html, List<Email.InlineImage> images) {}

  public Html render(Message message) {
    message = ControlCharacters.clean(message);
    StringBuilder out = new StringBuilder();
    List<Email.InlineImage> images = new ArrayList<>();
    out.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;font-size:14px\">\n");
    for (Block block : message.blocks()) {
      switch (block) {
        case Block.Header header -> out.append("<h2>").append(esc(header.text())).append("</h2>\n");
        case Block.Text text ->
            out.append("<p>").append(esc(text.text()).replace("\n", "<br>")).append("</p>\n");
        case Block.Fields fields -> {
          out.append("<table cellpadding=\"4\">\n");
          for (Block.Field field : fields.fields()) {
            out.append("<tr><th align=\"left\">")
                .append(esc(field.label()))
                .append("</th><td>")
                .append(esc(field.value()).replace("\n", "<br>"))
                .append("</td></tr>\n");
          }
          out.append("</table>\n");
        }
        case Block.Table table -> table(table, out);
        case Block.Code code -> out.append("<pre>").append(esc(code.text())).append("</pre>\n");
        case Block.Context context ->
            out.append("<p style=\"color:#666;font-size:12px\">")
                .append(esc(context.text()))
                .append("</p>\n");
        // A chat mention means nothing in an email: the text alone.
        case Block.Page page -> out.append("<p>").append(esc(page.text())).append("</p>\n");
        case Block.Buttons buttons -> {
          // Buttons act in chat only; an email has nothing to click.
        }
        case Block.Image image ->
            out.append("<p><img src=\"")
                .append(esc(image.url()))
                .append("\" alt=\"")
                .append(esc(image.altText()))
                .append("\"></p>\n");
        case Block.File file -> {
          if (file.isImage()) {
            String id = "image" + (images.size() + 1) + "@opsbot";
            images.add(new Email.InlineImage(id, file.mimeType(), file.name(), file.bytes()));
            out.append("<p><img src=\"cid:")
                .append(id)
                .append("\" alt=\"")
                .append(esc(file.summary()))
                .append("\"></p>\n");
          } else {
            out.append("<p>[file ")
                .append(esc(file.name()))
                .append(": ")
                .append(esc(file.summary()))
                .append("]</p>\n");
          }
        }
      }
    }
    out.append("</body></html>\n");
    return new Html(out.toString(), images);
  }

  private static void table(Block.Table table, StringBuilder out) {
    out.append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">\n<tr>");
    for (String column : table.columns()) {
      out.append("<th align=\"left\" style=\"border-bottom:1px solid #ccc\">")
          .append(esc(column))
          .append("</th>");
    }
    out.append("</tr>\n");
    for (List<String> row : table.rows()) {
      out.append("<tr>");
      for (String cell : row) {
        out.append("<td>").append(esc(cell)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
