package dev.opsbot.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One part of a neutral chat message; each chat adapter renders every kind. */
public sealed interface Block
    permits Block.Header,
        Block.Text,
        Block.Fields,
        Block.Table,
        Block.Code,
        Block.Buttons,
        Block.Context,
        Block.Image,
        Block.Page,
        Block.File {

  /** A title line. */
  record Header(String text) implements Block {}

  /** A paragraph of plain text. */
  record Text(String text) implements Block {}

  /** Label and value pairs, shown side by side where the platform can. */
  record Fields(List<Field> fields) implements Block {
    public Fields {
      fields = List.copyOf(fields);
    }
  }

  record Field(String label, String value) {}

  /** Rows under named columns; adapters align it (monospace where there is no table). */
  record Table(List<String> columns, List<List<String>> rows) implements Block {
    public Table {
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** Preformatted text. */
  record Code(String text) implements Block {}

  /** Buttons whose clicks come back by action id. */
  record Buttons(List<Button> buttons) implements Block {
    public Buttons {
      buttons = List.copyOf(buttons);
    }
  }

  record Button(String actionId, String label, String value, Tone style) {}

  /**
   * A line that notifies someone: {@code mention} in the platform's own syntax (Slack {@code
   * <!subteam^S0ONCALL>}, Discord {@code <@&role id>}), then the text.
   */
  record Page(String mention, String text) implements Block {}

  /** A small, secondary line: timings, hints, who did what. */
  record Context(String text) implements Block {}

  /**
   * A picture by URL (or an uploaded file the adapter refers to), with text for those who can't see
   * it.
   */
  record Image(String url, String altText) implements Block {}

  /**
   * A file sent with the message (Slack uploads it; the console names it): text in {@code content},
   * or binary such as a PNG chart in {@code bytes}.
   */
  record File(
      String name,
      String mimeType,
      String content,
      String summary,
      @JsonInclude(JsonInclude.Include.NON_NULL) byte[] bytes)
      implements Block {
    public File(String name, String mimeType, String content, String summary) {
      this(name, mimeType, content, summary, null);
    }

    /** A binary file, such as a picture. */
    public static File binary(String name, String mimeType, byte[] bytes, String summary) {
      return new File(name, mimeType, null, summary, bytes);
    }

    /** What is uploaded: the bytes, or the text as UTF-8. */
    @JsonIgnore
    public byte[] data() {
      return bytes != null
          ? bytes
          : (content == null ? "" : content).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @JsonIgnore
    public boolean isImage() {
      return bytes != null && mimeType != null && mimeType.startsWith("image/");
    }
  }
}
