package dev.opsbot.chat.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.ControlCharacters;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.MonospaceTable;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * Renders the neutral message model as Discord embeds and button rows, within Discord's limits:
 * 6,000 characters over all embeds of a message, 10 embeds, 25 fields each, descriptions of 4,096,
 * field values of 1,024, titles of 256; 5 buttons a row and 5 rows. Tables go in code blocks; a
 * table too long to show whole is cut between rows and attached in full as a text file. Whatever
 * else does not fit is named in a last line, never silently dropped.
 */
public final class DiscordRenderer {
  static final int MAX_BUTTONS_PER_ROW = 5;
  static final int MAX_ROWS = 5;
  static final int MAX_LABEL = 80;
  static final int MAX_CONTENT = 2_000;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public DiscordMessage render(Message message) {
    message = ControlCharacters.clean(message);
    Integer color = color(message.tone());
    EmbedLayout layout = new EmbedLayout(color);
    List<Block.File> files = new ArrayList<>();
    List<Block.Button> buttons = new ArrayList<>();
    List<Block> blocks = message.blocks();
    DiscordMention mention = null;
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      switch (block) {
        case Block.Header header -> layout.title(header.text());
        case Block.Text text -> layout.paragraph(text.text());
        case Block.Page page -> {
          // Only a message's content notifies anyone on Discord, never an embed: the mention goes
          // there, and only the ids it names may be pinged.
          DiscordMention parsed = DiscordMention.parse(page.mention());
          if (parsed == null) {
            layout.paragraph(page.mention() + " " + page.text());
          } else {
            mention = parsed;
            layout.paragraph(page.text());
          }
        }
        case Block.Fields fields -> fields.fields().forEach(layout::field);
        case Block.Table table ->
            layout.table(table, files, sizeOf(blocks.subList(i + 1, blocks.size())));
        case Block.Code code -> layout.code(code.text());
        case Block.Context context -> layout.context(context.text());
        case Block.Buttons row -> buttons.addAll(row.buttons());
        case Block.Image image -> layout.image(image);
        case Block.File file -> files.add(file);
      }
    }
    List<ActionRow> rows = rows(buttons, layout);
    // Discord shows a message of buttons or files alone without any text: say what it is.
    if (layout.isEmpty()) {
      layout.paragraph(fallbackText(message));
    }
    return new DiscordMessage(
        mention == null ? null : mention.text(),
        layout.build(),
        rows,
        files,
        message.visibility() == Visibility.EPHEMERAL,
        mention);
  }

  /** Room to keep for the blocks after a table: the summary and hints under it, up to a limit. */
  private static int sizeOf(List<Block> rest) {
    int size = 0;
    for (Block block : rest) {
      size +=
          switch (block) {
            case Block.Header header -> header.text().length();
            case Block.Text text -> text.text().length() + 2;
            case Block.Page page -> page.text().length() + 2;
            case Block.Context context -> context.text().length() + 1;
            case Block.Fields fields ->
                fields.fields().stream()
                    .mapToInt(f -> f.label().length() + String.valueOf(f.value()).length())
                    .sum();
            default -> 0;
          };
    }
    return Math.min(size, 1_500);
  }

  /** The embed colour of a tone; null leaves Discord's default. */
  static Integer color(Tone tone) {
    return switch (tone) {
      case GOOD -> 0x2EB886;
      case WARNING -> 0xDAA038;
      case DANGER -> 0xA30200;
      case NEUTRAL -> null;
    };
  }

  /** The message as Discord receives it (keys sorted), for golden files. */
  public static String toJson(DiscordMessage message) {
    try (MessageCreateData data = message.createData()) {
      Map<?, ?> tree = JSON.readValue(data.toData().toJson(), Map.class);
      return JSON.writeValueAsString(
              Map.of(
                  "payload",
                  tree,
                  "ephemeral",
                  message.ephemeral(),
                  "files",
                  message.files().stream().map(Block.File::name).toList()))
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ActionRow> rows(List<Block.Button> buttons, EmbedLayout layout) {
    List<Button> rendered = new ArrayList<>();
    int notShown = 0;
    for (Block.Button button : buttons) {
      String id = ButtonIds.encode(button.actionId(), button.value());
      if (id.length() > Button.ID_MAX_LENGTH || rendered.size() == MAX_BUTTONS_PER_ROW * MAX_ROWS) {
        notShown++;
        continue;
      }
      String label = DiscordText.truncate(DiscordText.oneLine(button.label()), MAX_LABEL);
      rendered.add(
          Button.of(style(button.style()), id, label.isEmpty() ? button.actionId() : label));
    }
    if (notShown > 0) {
      layout.note(notShown + " button(s) not shown: Discord takes 25 with short ids");
    }
    List<ActionRow> rows = new ArrayList<>();
    for (int from = 0; from < rendered.size(); from += MAX_BUTTONS_PER_ROW) {
      rows.add(
          ActionRow.of(
              rendered.subList(from, Math.min(rendered.size(), from + MAX_BUTTONS_PER_ROW))));
    }
    return rows;
  }

  private static ButtonStyle style(Tone tone) {
    return switch (tone == null ? Tone.NEUTRAL : tone) {
      case GOOD -> ButtonStyle.SUCCESS;
      case DANGER -> ButtonStyle.DANGER;
      case WARNING, NEUTRAL -> ButtonStyle.SECONDARY;
    };
  }

  private static String fallbackText(Message message) {
    String text = message.fallbackText();
    return DiscordText.isBlank(text) ? "opsbot message" : text;
  }

  /** Tables in monospace, as {@link MonospaceTable} lays them out. */
  static List<String> tableLines(Block.Table table) {
    return MonospaceTable.format(table.columns(), table.rows())
        .lines()
        .map(DiscordText::inCode)
        .toList();
  }
}
