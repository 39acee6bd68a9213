package dev.opsbot.chat.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.ImageBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.util.json.GsonFactory;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.ControlCharacters;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.MonospaceTable;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders the neutral message model as Slack Block Kit, within Slack's documented limits: what is
 * too long is split (sections, fields, buttons) or cut with "...", and what is too many blocks ends
 * in "... and N more blocks not shown".
 */
public final class BlockKitRenderer {
  static final int MAX_BLOCKS = 50;
  static final int MAX_SECTION_TEXT = 3_000;
  static final int MAX_FIELDS = 10;
  static final int MAX_FIELD_TEXT = 2_000;
  static final int MAX_HEADER_TEXT = 150;
  static final int MAX_CONTEXT_TEXT = 3_000;
  static final int MAX_ACTIONS = 25;
  static final int MAX_BUTTON_TEXT = 75;
  static final int MAX_ACTION_ID = 255;
  static final int MAX_BUTTON_VALUE = 2_000;
  static final int MAX_IMAGE_URL = 3_000;
  static final int MAX_ALT_TEXT = 2_000;
  static final int MAX_FALLBACK_TEXT = 40_000;

  // "```\n" before the code and "\n```" after it.
  private static final int FENCE_OVERHEAD = 2 * (SlackText.FENCE.length() + 1);
  private static final Gson JSON =
      GsonFactory.createSnakeCase().newBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  public SlackMessage render(Message message) {
    message = ControlCharacters.clean(message);
    List<LayoutBlock> blocks = new ArrayList<>();
    List<Block.File> files = new ArrayList<>();
    for (Block block : message.blocks()) {
      switch (block) {
        case Block.Header header -> header(header.text(), blocks);
        case Block.Text text -> text(text.text(), blocks);
        case Block.Fields fields -> fields(fields.fields(), blocks);
        case Block.Table table -> table(table, blocks);
        case Block.Code code -> code(code.text(), blocks);
        case Block.Context context -> context(context.text(), blocks);
        case Block.Page page -> page(page, blocks);
        case Block.Buttons buttons -> buttons(buttons.buttons(), blocks);
        case Block.Image image -> image(image, blocks);
        case Block.File file -> files.add(file);
      }
    }
    return new SlackMessage(
        fallbackText(message),
        capped(blocks),
        color(message.tone()),
        files,
        message.visibility() == Visibility.EPHEMERAL);
  }

  /** The message as the Slack SDK serialises it (snake case), pretty-printed for golden files. */
  public static String toJson(SlackMessage message) {
    JsonObject json = new JsonObject();
    json.addProperty("text", message.text());
    json.add("blocks", JSON.toJsonTree(message.blocks()));
    if (message.color() != null) {
      json.addProperty("color", message.color());
    }
    json.addProperty("ephemeral", message.ephemeral());
    if (!message.files().isEmpty()) {
      json.add("files", JSON.toJsonTree(message.files()));
    }
    return JSON.toJson(json) + "\n";
  }

  /** The attachment colour for a tone, or null where Slack's default grey suits. */
  static String color(Tone tone) {
    return switch (tone) {
      case GOOD -> "#2eb886";
      case WARNING -> "#daa038";
      case DANGER -> "#a30200";
      case NEUTRAL -> null;
    };
  }

  private static void header(String text, List<LayoutBlock> blocks) {
    if (isBlank(text)) {
      return;
    }
    blocks.add(
        HeaderBlock.builder()
            .text(plain(SlackText.truncate(oneLine(text), MAX_HEADER_TEXT)))
            .build());
  }

  private static void text(String text, List<LayoutBlock> blocks) {
    if (isBlank(text)) {
      return;
    }
    sections(SlackText.escape(text), blocks);
  }

  /** A page notifies: its mentions stay mentions (escaping made them plain text before). */
  private static void page(Block.Page page, List<LayoutBlock> blocks) {
    sections(SlackText.escapeKeepingMentions(page.mention() + " " + page.text()), blocks);
  }

  private static void sections(String escaped, List<LayoutBlock> blocks) {
    List<String> lines = escaped.lines().toList();
    for (String chunk : SlackText.chunkLines(lines, MAX_SECTION_TEXT)) {
      blocks.add(section(chunk));
    }
  }

  private static void fields(List<Block.Field> fields, List<LayoutBlock> blocks) {
    for (int from = 0; from < fields.size(); from += MAX_FIELDS) {
      List<TextObject> texts = new ArrayList<>();
      for (Block.Field field : fields.subList(from, Math.min(fields.size(), from + MAX_FIELDS))) {
        String label = SlackText.escape(oneLine(Objects.requireNonNullElse(field.label(), "")));
        String value = SlackText.escape(Objects.requireNonNullElse(field.value(), ""));
        String text = "*" + label + "*\n" + value;
        texts.add(markdown(SlackText.truncate(text, MAX_FIELD_TEXT)));
      }
      blocks.add(SectionBlock.builder().fields(texts).build());
    }
  }

  /**
   * A table as aligned monospace text; a long one becomes several sections split between rows, each
   * repeating the column headings.
   */
  private static void table(Block.Table table, List<LayoutBlock> blocks) {
    int budget = MAX_SECTION_TEXT - FENCE_OVERHEAD;
    List<String> lines =
        MonospaceTable.format(table.columns(), table.rows())
            .lines()
            .map(SlackText::escapeCode)
            .toList();
    String headings = SlackText.truncate(lines.getFirst(), budget / 2);
    List<String> rows =
        lines.stream()
            .skip(1)
            .map(row -> SlackText.truncate(row, budget - headings.length() - 1))
            .toList();
    if (rows.isEmpty()) {
      blocks.add(fenced(headings));
      return;
    }
    for (String chunk : SlackText.chunkLines(rows, budget - headings.length() - 1)) {
      blocks.add(fenced(headings + "\n" + chunk));
    }
  }

  private static void code(String text, List<LayoutBlock> blocks) {
    if (isBlank(text)) {
      return;
    }
    List<String> lines = SlackText.escapeCode(text.stripTrailing()).lines().toList();
    for (String chunk : SlackText.chunkLines(lines, MAX_SECTION_TEXT - FENCE_OVERHEAD)) {
      blocks.add(fenced(chunk));
    }
  }

  private static void context(String text, List<LayoutBlock> blocks) {
    if (isBlank(text)) {
      return;
    }
    blocks.add(contextBlock(SlackText.truncate(SlackText.escape(text), MAX_CONTEXT_TEXT)));
  }

  private static void buttons(List<Block.Button> buttons, List<LayoutBlock> blocks) {
    for (int from = 0; from < buttons.size(); from += MAX_ACTIONS) {
      List<BlockElement> elements = new ArrayList<>();
      for (Block.Button button :
          buttons.subList(from, Math.min(buttons.size(), from + MAX_ACTIONS))) {
        elements.add(button(button));
      }
      blocks.add(ActionsBlock.builder().elements(elements).build());
    }
  }

  private static ButtonElement button(Block.Button button) {
    return ButtonElement.builder()
        .actionId(SlackText.truncate(button.actionId(), MAX_ACTION_ID))
        .text(plain(SlackText.truncate(oneLine(button.label()), MAX_BUTTON_TEXT)))
        .value(button.value() == null ? null : SlackText.truncate(button.value(), MAX_BUTTON_VALUE))
        .style(style(button.style()))
        .build();
  }

  private static String style(Tone tone) {
    return switch (tone == null ? Tone.NEUTRAL : tone) {
      case DANGER -> "danger";
      case GOOD -> "primary";
      case WARNING, NEUTRAL -> null;
    };
  }

  private static void image(Block.Image image, List<LayoutBlock> blocks) {
    if (isBlank(image.url()) || image.url().length() > MAX_IMAGE_URL) {
      // Slack refuses the whole message for one bad image: say what is missing instead.
      context(
          "image not shown: " + (isBlank(image.altText()) ? "no alt text" : image.altText()),
          blocks);
      return;
    }
    String alt = isBlank(image.altText()) ? "image" : image.altText();
    blocks.add(
        ImageBlock.builder()
            .imageUrl(image.url())
            .altText(SlackText.truncate(alt, MAX_ALT_TEXT))
            .build());
  }

  /** At most 50 blocks: the first 49 and a line saying how many more there were. */
  private static List<LayoutBlock> capped(List<LayoutBlock> blocks) {
    if (blocks.size() <= MAX_BLOCKS) {
      return blocks;
    }
    int shown = MAX_BLOCKS - 1;
    List<LayoutBlock> capped = new ArrayList<>(blocks.subList(0, shown));
    capped.add(contextBlock("... and " + (blocks.size() - shown) + " more blocks not shown"));
    return capped;
  }

  /**
   * Never blank: the message's own fallback, else its first header or text, else a generic line.
   */
  private static String fallbackText(Message message) {
    String text = message.fallbackText();
    if (isBlank(text)) {
      text =
          message.blocks().stream()
              .map(block ->
                  switch (block) {
                    case Block.Header header -> header.text();
                    case Block.Text plain -> plain.text();
                    default -> null;
                  })
              .filter(candidate -> !isBlank(candidate))
              .findFirst()
              .orElse("opsbot message");
    }
    return SlackText.truncate(SlackText.escape(text), MAX_FALLBACK_TEXT);
  }

  private static SectionBlock section(String mrkdwn) {
    return SectionBlock.builder().text(markdown(mrkdwn)).build();
  }

  private static SectionBlock fenced(String code) {
    return section(SlackText.FENCE + "\n" + code + "\n" + SlackText.FENCE);
  }

  private static ContextBlock contextBlock(String mrkdwn) {
    return ContextBlock.builder().elements(List.of(markdown(mrkdwn))).build();
  }

  private static MarkdownTextObject markdown(String text) {
    return MarkdownTextObject.builder().text(text).build();
  }

  private static PlainTextObject plain(String text) {
    return PlainTextObject.builder().text(text).build();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
