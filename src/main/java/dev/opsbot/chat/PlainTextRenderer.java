package dev.opsbot.chat;

import java.util.List;
import java.util.stream.Collectors;

/** Renders a neutral message as plain text: the console and e-mail bodies. */
public final class PlainTextRenderer {
  public String render(Message message) {
    message = ControlCharacters.clean(message);
    StringBuilder out = new StringBuilder();
    for (Block block : message.blocks()) {
      switch (block) {
        case Block.Header header -> out.append("== ").append(header.text()).append(" ==\n");
        case Block.Text text -> out.append(text.text()).append('\n');
        case Block.Fields fields -> out.append(fields(fields.fields()));
        case Block.Table table -> out.append(MonospaceTable.format(table.columns(), table.rows()));
        case Block.Code code -> out.append(indent(code.text()));
        case Block.Buttons buttons ->
            out.append(
                    buttons.buttons().stream()
                        .map(b -> "[" + b.label() + "]")
                        .collect(Collectors.joining(" ")))
                .append('\n');
        case Block.Context context -> out.append("  ").append(context.text()).append('\n');
        case Block.Page page ->
            out.append(page.mention()).append(' ').append(page.text()).append('\n');
        case Block.File file ->
            out.append("[file ")
                .append(file.name())
                .append(": ")
                .append(file.summary())
                .append("]\n");
        case Block.Image image ->
            out.append("[image: ")
                .append(image.altText())
                .append("] ")
                .append(image.url())
                .append('\n');
      }
    }
    return out.toString();
  }

  private static String fields(List<Block.Field> fields) {
    int width = fields.stream().mapToInt(f -> f.label().length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (Block.Field field : fields) {
      out.append("  ")
          .append(pad(field.label() + ":", width + 1))
          .append(' ')
          .append(field.value())
          .append('\n');
    }
    return out.toString();
  }

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line).collect(Collectors.joining("\n", "", "\n"));
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
