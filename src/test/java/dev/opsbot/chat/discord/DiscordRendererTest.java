package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

class DiscordRendererTest {
  private final DiscordRenderer renderer = new DiscordRenderer();

  @Test
  void healthReplyIsOneEmbedWithTheTableInACodeBlockColouredByTone() {
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

    DiscordMessage discord = renderer.render(message);

    assertThat(discord.embeds()).hasSize(1);
    MessageEmbed embed = discord.embeds().getFirst();
    assertThat(embed.getTitle()).isEqualTo("Fleet health");
    assertThat(embed.getColorRaw()).isEqualTo(0xA30200);
    assertThat(embed.getDescription())
        .startsWith("```\nSERVICE     STATUS    HTTP")
        .contains("backend     DOWN      503")
        .endsWith("```\n\n3/5 up, 1 degraded, 1 down");
    assertThat(embed.getFooter().getText()).contains("/health <service> for details");
    assertThat(discord.ephemeral()).isFalse();
    assertThat(discord.files()).isEmpty();
    golden("health", discord);
  }

  @Test
  void twoHundredServiceHealthStaysWithinDiscordsLimitsAndAttachesTheWholeTable() {
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
            .context("probed 2 s ago")
            .buttons(
                List.of(new Block.Button("health.refresh", "Probe again", "all", Tone.NEUTRAL)))
            .tone(Tone.DANGER)
            .build();

    DiscordMessage discord = renderer.render(message);

    assertWithinLimits(discord);
    List<String> shownRows =
        discord.embeds().stream()
            .map(MessageEmbed::getDescription)
            .filter(d -> d != null)
            .flatMap(String::lines)
            .filter(line -> line.startsWith("service-"))
            .toList();
    assertThat(shownRows).hasSizeBetween(40, 199);
    assertThat(shownRows.getFirst()).startsWith("service-001 ");
    for (int i = 0; i < shownRows.size(); i++) {
      assertThat(shownRows.get(i)).startsWith("service-%03d ".formatted(i + 1));
    }
    assertThat(discord.files()).hasSize(1);
    Block.File table = discord.files().getFirst();
    assertThat(table.name()).isEqualTo("table-1.txt");
    assertThat(table.content().lines().filter(l -> l.startsWith("service-"))).hasSize(200);
    String footer = discord.embeds().getLast().getFooter().getText();
    assertThat(footer)
        .contains((200 - shownRows.size()) + " more row(s) not shown here")
        .contains("table-1.txt");
    assertThat(discord.rows()).hasSize(1);
    golden("health_200_services", discord);
  }

  @Test
  void thirtyFieldsFillOneEmbedOfTwentyFiveAndStartAnother() {
    List<Block.Field> fields =
        IntStream.rangeClosed(1, 30)
            .mapToObj(i -> new Block.Field("Check " + i, i % 2 == 0 ? "passing" : "5 ms"))
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    fields.add(new Block.Field("N".repeat(300), "v".repeat(2_000)));

    DiscordMessage discord =
        renderer.render(Message.builder("31 checks").header("Checks").fields(fields).build());

    assertWithinLimits(discord);
    assertThat(discord.embeds()).extracting(e -> e.getFields().size()).containsExactly(25, 6);
    MessageEmbed.Field first = discord.embeds().getFirst().getFields().getFirst();
    assertThat(first.getName()).isEqualTo("Check 1");
    assertThat(first.getValue()).isEqualTo("5 ms");
    assertThat(first.isInline()).isTrue();
    MessageEmbed.Field longest = discord.embeds().getLast().getFields().getLast();
    assertThat(longest.getName()).hasSize(256).endsWith("...");
    assertThat(longest.getValue()).hasSize(1_024).endsWith("...");
    golden("fields_31", discord);
  }

  @Test
  void alertButtonsBecomeOneActionRowWithActionAndValueInTheCustomId() {
    Message message =
        Message.builder("backend is DOWN")
            .header("backend is DOWN")
            .text("HTTP 503 for 2 minutes")
            .buttons(
                List.of(
                    new Block.Button("alert.ack", "Acknowledge", "42", Tone.GOOD),
                    new Block.Button("alert.snooze", "Snooze 1h", "42", Tone.NEUTRAL),
                    new Block.Button("alert.resolve", "Resolve", "42", Tone.DANGER)))
            .tone(Tone.DANGER)
            .build();

    DiscordMessage discord = renderer.render(message);

    assertThat(discord.rows()).hasSize(1);
    assertThat(buttons(discord.rows().getFirst()))
        .extracting(Button::getCustomId, Button::getLabel, Button::getStyle)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alert.ack|42", "Acknowledge", ButtonStyle.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(
                "alert.snooze|42", "Snooze 1h", ButtonStyle.SECONDARY),
            org.assertj.core.groups.Tuple.tuple("alert.resolve|42", "Resolve", ButtonStyle.DANGER));
    assertThat(ButtonIds.actionId("alert.snooze|42")).isEqualTo("alert.snooze");
    assertThat(ButtonIds.value("alert.snooze|42")).isEqualTo("42");
    golden("alert_buttons", discord);
  }

  @Test
  void buttonsGoFiveToARowAtMostFiveRowsAndWhatDoesNotFitIsNamed() {
    List<Block.Button> buttons =
        IntStream.rangeClosed(1, 30)
            .mapToObj(i -> new Block.Button("svc." + i, "Restart service " + i, "" + i, null))
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    buttons.add(0, new Block.Button("deploy.rollback", "L".repeat(120), "x".repeat(120), null));

    DiscordMessage discord =
        renderer.render(Message.builder("restart").text("restart").buttons(buttons).build());

    assertThat(discord.rows()).hasSize(5);
    assertThat(discord.rows()).allSatisfy(row -> assertThat(buttons(row)).hasSize(5));
    assertThat(buttons(discord.rows().getFirst()).getFirst().getCustomId()).isEqualTo("svc.1|1");
    assertThat(discord.embeds().getLast().getFooter().getText())
        .isEqualTo("6 button(s) not shown: Discord takes 25 with short ids");

    DiscordMessage longLabel =
        renderer.render(
            Message.builder("x")
                .buttons(List.of(new Block.Button("a", "L".repeat(120), "v", Tone.WARNING)))
                .build());
    assertThat(buttons(longLabel.rows().getFirst()).getFirst().getLabel())
        .hasSize(80)
        .endsWith("...");
  }

  @Test
  void longTextContinuesInTheNextEmbedAndStopsAtSixThousandCharactersSayingSo() {
    String line = "the quick brown fox jumps over the lazy dog ".repeat(2);
    String text = String.join("\n", java.util.Collections.nCopies(150, line.strip()));

    DiscordMessage discord =
        renderer.render(Message.builder("long").header("Log").text(text).text("after").build());

    assertWithinLimits(discord);
    assertThat(discord.embeds()).hasSizeGreaterThan(1);
    assertThat(discord.embeds().getFirst().getTitle()).isEqualTo("Log");
    assertThat(discord.embeds().getLast().getFooter().getText())
        .isEqualTo(
            "message cut at Discord's limits (6,000 characters, 10 embeds): 1 more block(s) not"
                + " shown");
    assertThat(discord.embeds().getLast().getDescription()).endsWith("...");
  }

  @Test
  void aTitleLongerThan256IsCut() {
    String title = "Deploy of backend " + "x".repeat(300);

    DiscordMessage discord = renderer.render(Message.builder(title).header(title).build());

    assertThat(discord.embeds().getFirst().getTitle())
        .hasSize(256)
        .startsWith("Deploy of backend xxx")
        .endsWith("...");
  }

  @Test
  void codeCannotCloseItsOwnBlockAndFilesAreAttached() {
    Block.File csv = new Block.File("result.csv", "text/csv", "id,name\n1,a\n", "1 row");
    Message message =
        Message.builder("query")
            .code("select '```' as fence")
            .add(csv)
            .add(new Block.Image("https://opsbot.example/charts/latency.png", "p95 latency"))
            .add(new Block.Image("ftp://nowhere/x.png", "error chart"))
            .build();

    DiscordMessage discord = renderer.render(message);

    assertThat(discord.embeds().getFirst().getDescription())
        .isEqualTo("```\nselect '`\u200b``' as fence\n```");
    assertThat(discord.embeds().getFirst().getImage().getUrl())
        .isEqualTo("https://opsbot.example/charts/latency.png");
    assertThat(discord.embeds().getFirst().getFooter().getText())
        .isEqualTo("image not shown: error chart");
    assertThat(discord.files()).containsExactly(csv);
    golden("code_file_image", discord);
  }

  @Test
  void errorsAreEphemeralAndAMessageWithNoBlocksShowsItsFallback() {
    DiscordMessage refusal = renderer.render(Message.ephemeral("This needs the oncall role"));
    DiscordMessage empty = renderer.render(Message.builder("nothing to show").build());

    assertThat(refusal.ephemeral()).isTrue();
    assertThat(refusal.embeds().getFirst().getDescription())
        .isEqualTo("This needs the oncall role");
    assertThat(refusal.embeds().getFirst().getColor()).isNull();
    assertThat(empty.embeds().getFirst().getDescription()).isEqualTo("nothing to show");
    DiscordMessage buttonsOnly =
        renderer.render(
            Message.builder("Roll back backend to v41?")
                .buttons(List.of(new Block.Button("rollback.confirm", "Confirm", "7", Tone.DANGER)))
                .build());
    assertThat(buttonsOnly.embeds().getFirst().getDescription())
        .isEqualTo("Roll back backend to v41?");
    assertThat(buttons(buttonsOnly.rows().getFirst()).getFirst().getCustomId())
        .isEqualTo("rollback.confirm|7");
    assertThat(DiscordRenderer.color(Tone.GOOD)).isEqualTo(0x2EB886);
    assertThat(DiscordRenderer.color(Tone.WARNING)).isEqualTo(0xDAA038);
    assertThat(DiscordRenderer.color(Tone.NEUTRAL)).isNull();
    golden("ephemeral", refusal);
  }

  /** Discord's documented limits, checked on what JDA would send. */
  static void assertWithinLimits(DiscordMessage message) {
    assertThat(message.embeds()).hasSizeLessThanOrEqualTo(10);
    assertThat(message.embeds().stream().mapToInt(MessageEmbed::getLength).sum())
        .isLessThanOrEqualTo(6_000);
    for (MessageEmbed embed : message.embeds()) {
      assertThat(embed.getFields()).hasSizeLessThanOrEqualTo(25);
      if (embed.getTitle() != null) {
        assertThat(embed.getTitle()).hasSizeLessThanOrEqualTo(256);
      }
      if (embed.getDescription() != null) {
        assertThat(embed.getDescription()).hasSizeLessThanOrEqualTo(4_096);
      }
      embed
          .getFields()
          .forEach(f -> {
            assertThat(f.getName()).hasSizeLessThanOrEqualTo(256);
            assertThat(f.getValue()).hasSizeLessThanOrEqualTo(1_024);
          });
      if (embed.getFooter() != null) {
        assertThat(embed.getFooter().getText()).hasSizeLessThanOrEqualTo(2_048);
      }
    }
    assertThat(message.rows()).hasSizeLessThanOrEqualTo(5);
    message.rows().forEach(row -> assertThat(buttons(row)).hasSizeLessThanOrEqualTo(5));
    // JDA's own checks: the message builds.
    message.createData().close();
    message.editData().close();
  }

  static List<Button> buttons(ActionRow row) {
    return row.getComponents().stream().map(c -> (Button) c).toList();
  }

  private static void golden(String name, DiscordMessage message) {
    Golden.assertText(DiscordRendererTest.class, name + ".json", DiscordRenderer.toJson(message));
  }
}
