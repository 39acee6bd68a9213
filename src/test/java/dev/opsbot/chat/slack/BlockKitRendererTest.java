package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.element.ButtonElement;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.chat.Visibility;
import dev.opsbot.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BlockKitRendererTest {
  private final BlockKitRenderer renderer = new BlockKitRenderer();

  @Test
  void healthReplyRendersHeaderTableTextAndContext() {
    Message message =
        Message.builder("Fleet health: 3/5 up, 1 degraded, 1 down")
            .header("Fleet health")
            .table(
                List.of("SERVICE", "STATUS", "HTTP", "LATENCY", "VERSION", "REASON"),
                List.of(
                    List.of("ai-agents", "UP", "200", "120 ms", "9.1.1", "ok"),
                    List.of(
                        "backend",
                        "DOWN",
                        "503",
                        "48 ms",
                        "-",
                        "HTTP 503 (failure 1 of 2 before it counts as down)"),
                    List.of(
                        "mcp-bridge",
                        "DEGRADED",
                        "200",
                        "2300 ms",
                        "-",
                        "slow: 2300 ms (limit 2000 ms)"),
                    List.of("erp", "UP", "200", "85 ms", "-", "ok"),
                    List.of("supabase", "UP", "200", "4 ms", "18.6", "ok")))
            .text("3/5 up, 1 degraded, 1 down")
            .context("probed 3 s ago; --fresh to probe now · /health <service> for details")
            .tone(Tone.DANGER)
            .build();

    SlackMessage slack = renderer.render(message);

    assertThat(slack.blocks())
        .extracting(LayoutBlock::getType)
        .containsExactly("header", "section", "section", "context");
    assertThat(slack.color()).isEqualTo("#a30200");
    assertThat(sectionText(slack.blocks().get(1)))
        .startsWith("```\nSERVICE     STATUS    HTTP")
        .endsWith("\n```");
    assertThat(contextText(slack.blocks().get(3))).contains("/health &lt;service&gt; for details");
    golden("health", slack);
  }

  @Test
  void twoHundredServiceTableIsSplitIntoSectionsUnderTheLimits() {
    List<List<String>> rows =
        IntStream.rangeClosed(1, 200)
            .mapToObj(i ->
                List.of(
                    "service-%03d".formatted(i),
                    i % 17 == 0 ? "DOWN" : "UP",
                    i % 17 == 0 ? "503" : "200",
                    (i * 7 % 900) + " ms",
                    "1.%d.%d".formatted(i % 5, i % 11),
                    i % 17 == 0 ? "HTTP 503 from the load balancer" : "ok"))
            .toList();
    Message message =
        Message.builder("Fleet health: 188/200 up, 12 down")
            .header("Fleet health")
            .table(List.of("SERVICE", "STATUS", "HTTP", "LATENCY", "VERSION", "REASON"), rows)
            .text("188/200 up, 12 down")
            .build();

    SlackMessage slack = renderer.render(message);

    List<String> tableSections =
        slack.blocks().stream()
            .filter(SectionBlock.class::isInstance)
            .map(BlockKitRendererTest::sectionText)
            .filter(text -> text.startsWith("```"))
            .toList();
    assertThat(tableSections).hasSizeGreaterThan(1);
    assertThat(slack.blocks()).hasSizeLessThanOrEqualTo(50);
    assertThat(tableSections)
        .allSatisfy(text -> {
          assertThat(text).hasSizeLessThanOrEqualTo(3_000).endsWith("\n```");
          assertThat(text.lines().skip(1).findFirst())
              .hasValueSatisfying(headings -> assertThat(headings).startsWith("SERVICE"));
        });
    List<String> renderedRows =
        tableSections.stream()
            .flatMap(text -> text.lines().filter(line -> line.startsWith("service-")))
            .toList();
    assertThat(renderedRows).hasSize(200);
    assertThat(renderedRows.getFirst()).startsWith("service-001 ");
    assertThat(renderedRows.getLast()).startsWith("service-200 ");
    golden("health_200_services", slack);
  }

  @Test
  void twentyFiveFieldsBecomeThreeSectionsOfAtMostTen() {
    List<Block.Field> fields =
        IntStream.rangeClosed(1, 25)
            .mapToObj(i -> new Block.Field("Check " + i, i % 2 == 0 ? "passing" : "5 ms"))
            .toList();
    Message message = Message.builder("25 checks").header("Checks").fields(fields).build();

    SlackMessage slack = renderer.render(message);

    assertThat(slack.blocks().subList(1, slack.blocks().size()))
        .map(block -> ((SectionBlock) block).getFields().size())
        .containsExactly(10, 10, 5);
    assertThat(((SectionBlock) slack.blocks().get(1)).getFields().getFirst().getText())
        .isEqualTo("*Check 1*\n5 ms");
    golden("fields_25", slack);
  }

  @Test
  void buttonsBecomeAnActionsBlockStyledByTone() {
    Message message =
        Message.builder("backend is DOWN")
            .header("backend is DOWN")
            .text("HTTP 503 for 2 minutes")
            .buttons(
                List.of(
                    new Block.Button("alert.ack", "Acknowledge", "alert-42", Tone.GOOD),
                    new Block.Button("alert.snooze", "Snooze 1 h", "alert-42:1h", Tone.NEUTRAL),
                    new Block.Button("deploy.rollback", "Roll back", "backend", Tone.DANGER)))
            .tone(Tone.DANGER)
            .build();

    SlackMessage slack = renderer.render(message);

    ActionsBlock actions = (ActionsBlock) slack.blocks().getLast();
    assertThat(actions.getElements())
        .map(element -> (ButtonElement) element)
        .extracting(ButtonElement::getActionId, ButtonElement::getValue, ButtonElement::getStyle)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alert.ack", "alert-42", "primary"),
            org.assertj.core.groups.Tuple.tuple("alert.snooze", "alert-42:1h", null),
            org.assertj.core.groups.Tuple.tuple("deploy.rollback", "backend", "danger"));
    golden("buttons", slack);
  }

  @Test
  void moreThanTwentyFiveButtonsAreSplitAcrossActionsBlocksAndLongLabelsCut() {
    List<Block.Button> buttons =
        IntStream.rangeClosed(1, 30)
            .mapToObj(i -> new Block.Button("svc." + i, "Restart service " + i, "" + i, null))
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    buttons.add(new Block.Button("x".repeat(300), "L".repeat(100), "v", Tone.WARNING));

    SlackMessage slack = renderer.render(Message.builder("restart").buttons(buttons).build());

    assertThat(slack.blocks())
        .map(block -> ((ActionsBlock) block).getElements().size())
        .containsExactly(25, 6);
    ButtonElement last =
        (ButtonElement) ((ActionsBlock) slack.blocks().get(1)).getElements().get(5);
    assertThat(last.getText().getText()).hasSize(75).endsWith("...");
    assertThat(last.getActionId()).hasSize(255);
  }

  @Test
  void textEscapesMentionsAmpersandsAndAngleBrackets() {
    Message message =
        Message.builder("ping <@U123> & <!channel> > now")
            .text("ping <@U123> & <!channel> > now")
            .fields(List.of(new Block.Field("<owner>", "<@U123> & co")))
            .context("by <@U123>")
            .code("if (a < b && c > d) {}")
            .build();

    SlackMessage slack = renderer.render(message);

    assertThat(slack.text()).isEqualTo("ping &lt;@U123&gt; &amp; &lt;!channel&gt; &gt; now");
    assertThat(sectionText(slack.blocks().getFirst()))
        .isEqualTo("ping &lt;@U123&gt; &amp; &lt;!channel&gt; &gt; now");
    assertThat(((SectionBlock) slack.blocks().get(1)).getFields().getFirst().getText())
        .isEqualTo("*&lt;owner&gt;*\n&lt;@U123&gt; &amp; co");
    assertThat(contextText(slack.blocks().get(2))).isEqualTo("by &lt;@U123&gt;");
    assertThat(sectionText(slack.blocks().get(3)))
        .isEqualTo("```\nif (a &lt; b &amp;&amp; c &gt; d) {}\n```");
    golden("escaping", slack);
  }

  @Test
  void aPageKeepsItsUserAndGroupMentionsSoTheyNotifyButNotBroadcastsOrOtherText() {
    Message message =
        Message.builder("Ben is on call")
            .page("<@U0BEN>", "is on call (next: <@U0ANA>) & <!subteam^S0ONCALL> <!channel> <x>")
            .build();

    assertThat(sectionText(renderer.render(message).blocks().getFirst()))
        .isEqualTo(
            "<@U0BEN> is on call (next: <@U0ANA>) &amp; <!subteam^S0ONCALL> &lt;!channel&gt;"
                + " &lt;x&gt;");
  }

  @Test
  void longTextIsSplitBetweenLinesWithoutBreakingAnEscape() {
    String line = "a & b < c ".repeat(20);
    String text =
        String.join("\n", java.util.Collections.nCopies(40, line)) + "\n" + "&".repeat(4_000);

    SlackMessage slack = renderer.render(Message.builder("long").text(text).build());

    List<String> sections = slack.blocks().stream().map(BlockKitRendererTest::sectionText).toList();
    assertThat(sections).hasSizeGreaterThan(2);
    assertThat(sections)
        .allSatisfy(section -> {
          assertThat(section).hasSizeLessThanOrEqualTo(3_000);
          assertThat(section.replace("&amp;", "").replace("&lt;", "")).doesNotContain("&");
        });
    assertThat(
            String.join("", sections).replace("\n", "").replace("&amp;", "&").replace("&lt;", "<"))
        .isEqualTo(text.replace("\n", ""));
  }

  @Test
  void overFiftyBlocksKeepsFortyNineAndSaysHowManyMore() {
    Message.Builder builder = Message.builder("60 events").header("Events");
    IntStream.rangeClosed(1, 59).forEach(i -> builder.text("event " + i));

    SlackMessage slack = renderer.render(builder.build());

    assertThat(slack.blocks()).hasSize(50);
    assertThat(sectionText(slack.blocks().get(48))).isEqualTo("event 48");
    assertThat(contextText(slack.blocks().getLast())).isEqualTo("... and 11 more blocks not shown");
    golden("over_50_blocks", slack);
  }

  @Test
  void headerOver150CharactersIsCut() {
    String title = "Deploy of backend " + "x".repeat(200);

    SlackMessage slack = renderer.render(Message.builder(title).header(title).build());

    String header = ((HeaderBlock) slack.blocks().getFirst()).getText().getText();
    assertThat(header).hasSize(150).startsWith("Deploy of backend xxx").endsWith("...");
    golden("long_header", slack);
  }

  @Test
  void fallbackTextIsAlwaysSet() {
    Message withOwn = Message.builder("Fleet health: all up").header("Fleet health").build();
    Message fromHeader = Message.builder("  ").header("Fleet health").text("all up").build();
    Message fromText = Message.builder(null).context("hint").text("all up").build();
    Message fromNothing = Message.builder(null).fields(List.of(new Block.Field("up", "5"))).build();

    assertThat(renderer.render(withOwn).text()).isEqualTo("Fleet health: all up");
    assertThat(renderer.render(fromHeader).text()).isEqualTo("Fleet health");
    assertThat(renderer.render(fromText).text()).isEqualTo("all up");
    assertThat(renderer.render(fromNothing).text()).isEqualTo("opsbot message");
    assertThat(renderer.render(Message.ephemeral("Unknown service: foo")).text())
        .isEqualTo("Unknown service: foo");
  }

  @Test
  void filesAreReturnedForUploadNotRenderedAsBlocks() {
    Block.File file = new Block.File("result.csv", "text/csv", "id,name\n1,a\n", "1 row");
    Message message = Message.builder("query result").text("1 row").add(file).build();

    SlackMessage slack = renderer.render(message);

    assertThat(slack.blocks()).extracting(LayoutBlock::getType).containsExactly("section");
    assertThat(slack.files()).containsExactly(file);
    golden("file", slack);
  }

  @Test
  void imagesBecomeImageBlocksWithAltText() {
    Message message =
        Message.builder("latency chart")
            .add(new Block.Image("https://opsbot.example/charts/latency.png", "p95 latency, 24 h"))
            .add(new Block.Image("https://opsbot.example/charts/errors.png", ""))
            .build();

    SlackMessage slack = renderer.render(message);

    assertThat(slack.blocks()).extracting(LayoutBlock::getType).containsExactly("image", "image");
    golden("images", slack);
  }

  @Test
  void toneBecomesAColourAndVisibilityTheEphemeralFlag() {
    assertThat(BlockKitRenderer.color(Tone.GOOD)).isEqualTo("#2eb886");
    assertThat(BlockKitRenderer.color(Tone.WARNING)).isEqualTo("#daa038");
    assertThat(BlockKitRenderer.color(Tone.DANGER)).isEqualTo("#a30200");
    assertThat(BlockKitRenderer.color(Tone.NEUTRAL)).isNull();
    assertThat(renderer.render(Message.ephemeral("no")).ephemeral()).isTrue();
    assertThat(
            renderer
                .render(
                    Message.builder("yes").text("yes").visibility(Visibility.IN_CHANNEL).build())
                .ephemeral())
        .isFalse();
  }

  private static String sectionText(LayoutBlock block) {
    return ((SectionBlock) block).getText().getText();
  }

  private static String contextText(LayoutBlock block) {
    return ((MarkdownTextObject) ((ContextBlock) block).getElements().getFirst()).getText();
  }

  private static void golden(String name, SlackMessage message) {
    Golden.assertText(BlockKitRendererTest.class, name + ".json", BlockKitRenderer.toJson(message));
  }
}
