package dev.opsbot.chat.discord;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.MonospaceTable;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

/**
 * Fills embeds block by block and keeps count of Discord's limits: a new embed when one is full,
 * and a note of what did not fit once the message's 6,000 characters or 10 embeds are used up.
 */
final class EmbedLayout {
  static final int MAX_EMBEDS = 10;
  static final int MAX_TOTAL = MessageEmbed.EMBED_MAX_LENGTH_BOT;
  static final int MAX_TITLE = MessageEmbed.TITLE_MAX_LENGTH;
  static final int MAX_DESCRIPTION = MessageEmbed.DESCRIPTION_MAX_LENGTH;
  static final int MAX_FIELDS = MessageEmbed.MAX_FIELD_AMOUNT;
  static final int MAX_FIELD_NAME = MessageEmbed.TITLE_MAX_LENGTH;
  static final int MAX_FIELD_VALUE = MessageEmbed.VALUE_MAX_LENGTH;
  static final int MAX_FOOTER = MessageEmbed.TEXT_MAX_LENGTH;
  // Kept free for the last line that says what was not shown.
  private static final int RESERVE = 200;
  private static final int BUDGET = MAX_TOTAL - RESERVE;
  private static final String PARAGRAPH = "\n\n";

  private final Integer color;
  private final List<Draft> drafts = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int used;
  // Once something did not fit, what follows is not shown either, so nothing appears out of order.
  private boolean cut;
  private int blocksNotShown;

  EmbedLayout(Integer color) {
    this.color = color;
  }

  /** One embed being filled. */
  private static final class Draft {
    String title;
    final StringBuilder description = new StringBuilder();
    final List<MessageEmbed.Field> fields = new ArrayList<>();
    String image;
    final StringBuilder footer = new StringBuilder();

    boolean isEmpty() {
      return title == null && description.isEmpty() && fields.isEmpty() && image == null;
    }
  }

  boolean isEmpty() {
    return drafts.stream().allMatch(Draft::isEmpty) && notes.isEmpty();
  }

  void title(String text) {
    if (DiscordText.isBlank(text)) {
      return;
    }
    if (skipped()) {
      return;
    }
    String title = DiscordText.truncate(DiscordText.oneLine(text), MAX_TITLE);
    Draft draft = current();
    if (draft == null || !draft.isEmpty()) {
      draft = next();
    }
    if (draft == null || !spend(title.length())) {
      notShown();
      return;
    }
    draft.title = title;
  }

  void paragraph(String text) {
    if (DiscordText.isBlank(text)) {
      return;
    }
    if (skipped()) {
      return;
    }
    for (String chunk : chunks(text.strip().lines().toList(), MAX_DESCRIPTION)) {
      if (!describe(chunk)) {
        describeWhatFits(chunk);
        cut = true;
        return;
      }
    }
  }

  void code(String text) {
    if (DiscordText.isBlank(text)) {
      return;
    }
    int room = MAX_DESCRIPTION - DiscordText.fenced("").length();
    List<String> lines = DiscordText.inCode(text.stripTrailing()).lines().toList();
    if (skipped()) {
      return;
    }
    for (String chunk : chunks(lines, room)) {
      if (!describe(DiscordText.fenced(chunk))) {
        notShown();
        return;
      }
    }
  }

  /**
   * A table in code blocks, split between rows, each part under the column headings. What does not
   * fit in the message is attached whole to {@code files}, and the last part says so; {@code
   * reserveAfter} characters are left for the blocks that follow (the summary under a table).
   */
  void table(Block.Table table, List<Block.File> files, int reserveAfter) {
    if (skipped()) {
      return;
    }
    List<String> lines = DiscordRenderer.tableLines(table);
    int fence = DiscordText.fenced("").length();
    String headings = DiscordText.truncate(lines.getFirst(), MAX_DESCRIPTION / 2);
    int longest = MAX_DESCRIPTION - fence - headings.length() - 1;
    List<String> rows =
        lines.stream().skip(1).map(row -> DiscordText.truncate(row, longest)).toList();
    int shown = 0;
    boolean first = true;
    while (first || shown < rows.size()) {
      first = false;
      Draft draft = current() == null ? next() : current();
      if (draft == null) {
        break;
      }
      int sep = draft.description.isEmpty() ? 0 : PARAGRAPH.length();
      int inEmbed = MAX_DESCRIPTION - draft.description.length() - sep - fence;
      int inMessage = BUDGET - reserveAfter - used - sep - fence;
      StringBuilder part = new StringBuilder(headings);
      int taken = 0;
      while (shown + taken < rows.size()) {
        String row = rows.get(shown + taken);
        if (part.length() + 1 + row.length() > Math.min(inEmbed, inMessage)) {
          break;
        }
        part.append('\n').append(row);
        taken++;
      }
      boolean nothingFits =
          part.length() > Math.min(inEmbed, inMessage) || (taken == 0 && !rows.isEmpty());
      if (nothingFits) {
        String needed = rows.isEmpty() ? headings : headings + "\n" + rows.get(shown);
        if (inMessage < needed.length() || draft.description.isEmpty() || next() == null) {
          break;
        }
        continue;
      }
      describe(DiscordText.fenced(part.toString()));
      shown += taken;
    }
    if (shown < rows.size()) {
      String name = "table-" + (files.size() + 1) + ".txt";
      files.add(
          new Block.File(
              name,
              "text/plain",
              MonospaceTable.format(table.columns(), table.rows()),
              rows.size() + " rows"));
      notes.add(
          (rows.size() - shown)
              + " more row(s) not shown here: the whole table is attached as "
              + name);
    }
  }

  void field(Block.Field field) {
    String name = DiscordText.truncate(DiscordText.oneLine(field.label()), MAX_FIELD_NAME);
    String value = DiscordText.truncate(field.value(), MAX_FIELD_VALUE);
    if (skipped()) {
      return;
    }
    name = name.isEmpty() ? "\u200b" : name;
    value = DiscordText.isBlank(value) ? "-" : value;
    Draft draft = current();
    if (draft == null || draft.fields.size() == MAX_FIELDS) {
      draft = next();
    }
    if (draft == null || !spend(name.length() + value.length())) {
      notShown();
      return;
    }
    draft.fields.add(new MessageEmbed.Field(name, value, true));
  }

  void context(String text) {
    if (DiscordText.isBlank(text)) {
      return;
    }
    if (skipped()) {
      return;
    }
    Draft draft = current();
    if (draft == null) {
      draft = next();
    }
    String line = text.strip();
    int sep = draft == null || draft.footer.isEmpty() ? 0 : 1;
    int free = draft == null ? 0 : MAX_FOOTER - draft.footer.length() - sep;
    line = DiscordText.truncate(line, Math.max(0, free));
    if (draft == null || line.isEmpty() || !spend(sep + line.length())) {
      notShown();
      return;
    }
    if (sep > 0) {
      draft.footer.append('\n');
    }
    draft.footer.append(line);
  }

  void image(Block.Image image) {
    String url = image.url();
    if (DiscordText.isBlank(url)
        || url.length() > MessageEmbed.URL_MAX_LENGTH
        || !(url.startsWith("https://") || url.startsWith("http://"))) {
      context(
          "image not shown: "
              + (DiscordText.isBlank(image.altText()) ? "no alt text" : image.altText()));
      return;
    }
    if (skipped()) {
      return;
    }
    Draft draft = current();
    if (draft == null || draft.image != null) {
      draft = next();
    }
    if (draft == null) {
      notShown();
      return;
    }
    draft.image = url;
  }

  /** A line about what was left out, shown last. */
  void note(String text) {
    notes.add(text);
  }

  List<MessageEmbed> build() {
    if (cut) {
      notes.add(
          "message cut at Discord's limits (6,000 characters, 10 embeds)"
              + (blocksNotShown > 0 ? ": " + blocksNotShown + " more block(s) not shown" : ""));
    }
    if (!notes.isEmpty()) {
      Draft last = current() == null ? newDraft() : current();
      String text = DiscordText.truncate(String.join("\n", notes), RESERVE - 2);
      int free = MAX_FOOTER - last.footer.length() - 1;
      if (!last.footer.isEmpty()) {
        last.footer.append('\n');
      }
      last.footer.append(DiscordText.truncate(text, free));
    }
    List<MessageEmbed> embeds = new ArrayList<>();
    for (Draft draft : drafts) {
      if (draft.isEmpty() && draft.footer.isEmpty()) {
        continue;
      }
      EmbedBuilder embed = new EmbedBuilder();
      embed.setTitle(draft.title);
      embed.setDescription(draft.description.isEmpty() ? null : draft.description);
      draft.fields.forEach(embed::addField);
      embed.setImage(draft.image);
      embed.setFooter(draft.footer.isEmpty() ? null : draft.footer.toString());
      if (color != null) {
        embed.setColor(color);
      }
      if (embed.isEmpty()) {
        continue;
      }
      embeds.add(embed.build());
    }
    return embeds;
  }

  private boolean skipped() {
    if (cut) {
      blocksNotShown++;
    }
    return cut;
  }

  private void notShown() {
    cut = true;
    blocksNotShown++;
  }

  /** As much of a text as the message has room for, cut with "...". */
  private void describeWhatFits(String chunk) {
    Draft draft = current() == null ? next() : current();
    if (draft == null) {
      return;
    }
    int sep = draft.description.isEmpty() ? 0 : PARAGRAPH.length();
    int room = Math.min(freeDescription(draft), BUDGET - used - sep);
    if (room < 40) {
      draft = next();
      room = Math.min(freeDescription(draft), BUDGET - used);
    }
    if (draft != null && room >= 40) {
      describe(DiscordText.truncate(chunk, room));
    }
  }

  /** Appends to the current description, or starts the next embed when it is full. */
  private boolean describe(String chunk) {
    Draft draft = current();
    if (draft == null) {
      draft = next();
    }
    if (draft != null && freeDescription(draft) < chunk.length()) {
      draft = next();
    }
    if (draft == null) {
      return false;
    }
    int sep = draft.description.isEmpty() ? 0 : PARAGRAPH.length();
    if (!spend(sep + chunk.length())) {
      return false;
    }
    if (sep > 0) {
      draft.description.append(PARAGRAPH);
    }
    draft.description.append(chunk);
    return true;
  }

  private int freeDescription(Draft draft) {
    if (draft == null) {
      return 0;
    }
    int sep = draft.description.isEmpty() ? 0 : PARAGRAPH.length();
    return MAX_DESCRIPTION - draft.description.length() - sep;
  }

  private boolean spend(int characters) {
    if (used + characters > BUDGET) {
      return false;
    }
    used += characters;
    return true;
  }

  private Draft current() {
    return drafts.isEmpty() ? null : drafts.getLast();
  }

  /** The next embed, or null when the message has all it may have. */
  private Draft next() {
    return drafts.size() == MAX_EMBEDS ? null : newDraft();
  }

  private Draft newDraft() {
    Draft draft = new Draft();
    drafts.add(draft);
    return draft;
  }

  /** Lines joined into pieces of at most {@code max} characters; a longer line is cut. */
  private static List<String> chunks(List<String> lines, int max) {
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (String raw : lines) {
      String line = DiscordText.truncate(raw, max);
      if (!chunk.isEmpty() && chunk.length() + 1 + line.length() > max) {
        chunks.add(chunk.toString());
        chunk.setLength(0);
      }
      if (!chunk.isEmpty()) {
        chunk.append('\n');
      }
      chunk.append(line);
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk.toString());
    }
    return chunks;
  }
}
