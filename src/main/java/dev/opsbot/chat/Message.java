package dev.opsbot.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A platform-neutral chat message: what commands answer and alerts post. {@code fallbackText} is
 * the one-line version for notifications and plain-text clients.
 */
public record Message(List<Block> blocks, String fallbackText, Visibility visibility, Tone tone) {
  public Message {
    blocks = List.copyOf(blocks);
  }

  public static Builder builder(String fallbackText) {
    return new Builder(fallbackText);
  }

  /** A short ephemeral reply: an error, a refusal, a usage line. */
  public static Message ephemeral(String text) {
    return builder(text).text(text).visibility(Visibility.EPHEMERAL).build();
  }

  /** Builds a message block by block. */
  public static final class Builder {
    private final String fallbackText;
    private final List<Block> blocks = new ArrayList<>();
    private Visibility visibility = Visibility.IN_CHANNEL;
    private Tone tone = Tone.NEUTRAL;

    private Builder(String fallbackText) {
      this.fallbackText = fallbackText;
    }

    public Builder header(String text) {
      return add(new Block.Header(text));
    }

    public Builder text(String text) {
      return add(new Block.Text(text));
    }

    public Builder fields(List<Block.Field> fields) {
      return fields.isEmpty() ? this : add(new Block.Fields(fields));
    }

    public Builder table(List<String> columns, List<List<String>> rows) {
      return add(new Block.Table(columns, rows));
    }

    public Builder code(String text) {
      return add(new Block.Code(text));
    }

    /** A line that notifies {@code mention} (in the platform's syntax), then {@code text}. */
    public Builder page(String mention, String text) {
      return add(new Block.Page(mention, text));
    }

    public Builder context(String text) {
      return add(new Block.Context(text));
    }

    public Builder buttons(List<Block.Button> buttons) {
      return add(new Block.Buttons(buttons));
    }

    public Builder add(Block block) {
      blocks.add(block);
      return this;
    }

    public Builder visibility(Visibility visibility) {
      this.visibility = visibility;
      return this;
    }

    public Builder tone(Tone tone) {
      this.tone = tone;
      return this;
    }

    public Message build() {
      return new Message(blocks, fallbackText, visibility, tone);
    }
  }
}
