package dev.opsbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.discord.DiscordRenderer;
import dev.opsbot.chat.slack.BlockKitRenderer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Control characters in what a command answers are shown, not obeyed, on every adapter. */
class ControlCharactersTest {
  /** Every C0 and C1 control, DEL and the bidirectional overrides, between ordinary letters. */
  private static final String HOSTILE =
      IntStream.concat(
                  IntStream.concat(IntStream.range(0, 0x20), IntStream.rangeClosed(0x7f, 0x9f)),
                  IntStream.of(0x202a, 0x202e, 0x2066, 0x2069))
              .mapToObj(c -> "a" + (char) c)
              .collect(Collectors.joining())
          + "\u001b[2J\u001b]0;pwned\u0007";

  private static Message hostileMessage() {
    return Message.builder("fallback " + HOSTILE)
        .header("header " + HOSTILE)
        .text("text " + HOSTILE)
        .fields(List.of(new Block.Field("label " + HOSTILE, "value " + HOSTILE)))
        .table(List.of("col " + HOSTILE), List.of(List.of("cell " + HOSTILE)))
        .code("code " + HOSTILE)
        .context("context " + HOSTILE)
        .page("@oncall", "page " + HOSTILE)
        .buttons(List.of(new Block.Button("act", "button " + HOSTILE, "1", Tone.NEUTRAL)))
        .build();
  }

  /** Raw controls other than line feed and tab, or a JSON escape of one. */
  private static void assertNoControls(String rendered, boolean json) {
    for (char c : rendered.toCharArray()) {
      if (c != '\n' && c != '\t') {
        assertThat(Character.getType(c)).as("U+%04X", (int) c).isNotEqualTo(Character.CONTROL);
        assertThat(c).isNotIn('\u202a', '\u202e', '\u2066', '\u2069');
      }
    }
    if (!json) {
      return;
    }
    // A JSON escape of a control (not an escaped backslash before a u) would be decoded back.
    assertThat(rendered).doesNotContainPattern("(?<!\\\\)\\\\(u00[0-9a-fA-F]{2}|r|b|f)");
  }

  @Test
  void c0ControlsBecomeTheirPicturesC1AndBidiBecomeEscapesLineFeedAndTabStay() {
    assertThat(ControlCharacters.escape("a\u001b[31mred\u0007\r\nnext\tcol\u0000\u007f"))
        .isEqualTo("a\u241b[31mred\u2407\u240d\nnext\tcol\u2400\u2421");
    assertThat(ControlCharacters.escape("x\u009by\u202ez")).isEqualTo("x<U+009B>y<U+202E>z");
    String normal =
        "Backend: DOWN (HTTP 500) \u2014 2 of 7 up, caf\u00e9 \u65e5\u672c \ud83d\ude80";
    assertThat(ControlCharacters.escape(normal)).isSameAs(normal);
  }

  @Test
  void theConsoleShowsControlsWithoutObeyingThem() {
    String rendered = new PlainTextRenderer().render(hostileMessage());

    assertNoControls(rendered, false);
    assertThat(rendered).contains("\u241b[2J", "\u241b]0;pwned\u2407");
  }

  @Test
  void slackBlockKitTextCarriesNoControl() {
    String rendered = BlockKitRenderer.toJson(new BlockKitRenderer().render(hostileMessage()));

    assertNoControls(rendered, true);
    assertThat(rendered).contains("\u241b[2J");
  }

  @Test
  void discordEmbedsCarryNoControl() {
    String rendered = DiscordRenderer.toJson(new DiscordRenderer().render(hostileMessage()));

    assertNoControls(rendered, true);
    assertThat(rendered).contains("\u241b[2J");
  }
}
