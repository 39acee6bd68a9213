package dev.opsbot.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.slack.api.app_backend.SlackSignature;
import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.console.ConsoleChat;
import dev.opsbot.chat.discord.DiscordInteractions;
import dev.opsbot.chat.slack.SlackBot;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/**
 * Random and malicious command text through the router on every adapter: the console, Slack over
 * HTTP (signed as Slack signs, through Bolt), and Discord interaction payloads. Some commands raise
 * errors (stack overflow, out of memory, assertion). Every input gets an answer and the adapter
 * still answers afterwards. Seeded, so a failure can be replayed; bounded in size.
 */
class ChatFuzzIT {
  private static final long SEED = Long.getLong("fuzz.seed", 20261204L);
  private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  /** Answers with its text: whatever came in goes back out through the renderer. */
  private static final class Echo implements Command {
    @Override
    public CommandSpec spec() {
      return new CommandSpec(
          "echo", "Echo", List.of(Argument.text("text", "anything")), CommandSpec.EVERYONE);
    }

    @Override
    public Message execute(CommandRequest request) {
      String text = request.argumentText();
      return Message.builder(text)
          .header(text)
          .text(text)
          .fields(List.of(new Block.Field(text, text)))
          .table(List.of("in"), List.of(List.of(text)))
          .code(text)
          .context(text)
          .build();
    }
  }

  /** Fails in a way chosen by its text, errors included. */
  private static final class Boom implements Command {
    @Override
    public CommandSpec spec() {
      return new CommandSpec(
          "boom", "Fail", List.of(Argument.text("how", "anything")), CommandSpec.EVERYONE);
    }

    @Override
    public Message execute(CommandRequest request) {
      switch (Math.floorMod(request.argumentText().hashCode(), 5)) {
        case 0 -> {
          return Message.ephemeral("" + deep(0));
        }
        case 1 -> {
          return Message.ephemeral("" + new long[Integer.MAX_VALUE - 8].length);
        }
        case 2 -> throw new AssertionError("assumption broken");
        case 3 -> throw new IllegalStateException(request.argumentText());
        default -> {
          return Message.ephemeral(request.argumentText().substring(1_000_000));
        }
      }
    }

    private static int deep(int n) {
      return deep(n + 1) + 1;
    }
  }

  private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
  private final CommandRouter router =
      CommandRouter.withHelp(
          List.of(new Echo(), new Boom()),
          AccessPolicy.allowAll(),
          AuditTrail.commands(audit::add),
          Clock.systemUTC());

  /** Hostile text: controls, NUL, broken UTF-16, bidi overrides, huge, flags, unknown commands. */
  private static List<String> corpus(Random random, int size, int maxLength) {
    List<String> fixed =
        List.of(
            "",
            " ",
            "/",
            "//",
            "/echo \u0000",
            "/echo \u001b[2J\u001b]0;owned\u0007",
            "/echo \u202eevil\u202c",
            "/echo \ud800 lone surrogate \udfff",
            "/echo --flag --\u0000 ---",
            "/nope\u0000",
            "/\u0663\u0664",
            "/ECHO upper",
            "/echo " + "\u00e9".repeat(maxLength / 2),
            "/" + "x".repeat(maxLength),
            "/echo " + "((((".repeat(maxLength / 8),
            "/boom stack",
            "/boom memory",
            "/boom x",
            "/boom y",
            "/boom z");
    List<String> lines = new ArrayList<>(fixed);
    String[] names = {"echo", "boom", "help", "health", "sql", "\u0000", "e\u0301cho"};
    while (lines.size() < size) {
      StringBuilder line = new StringBuilder("/" + names[random.nextInt(names.length)] + " ");
      int length = random.nextInt(random.nextInt(10) == 0 ? maxLength : 80);
      for (int i = 0; i < length; i++) {
        int kind = random.nextInt(6);
        int c =
            switch (kind) {
              case 0 -> random.nextInt(0x20);
              case 1 -> 0x80 + random.nextInt(0x20);
              case 2 -> 0xd800 + random.nextInt(0x800);
              case 3 -> random.nextInt(0x10000);
              default -> 0x20 + random.nextInt(0x5f);
            };
        line.append((char) c);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Test
  void theConsoleAnswersEveryLineAndGoesOn() throws Exception {
    List<String> corpus = corpus(new Random(SEED), 300, 100_000);
    StringBuilder script = new StringBuilder();
    int answered = 0;
    for (String line : corpus) {
      // A line ends at a line break: the console sees the pieces, as a terminal would send them.
      for (String piece : line.split("[\\n\\r]", -1)) {
        String strip = piece.strip();
        if (strip.isEmpty()
            || piece.startsWith("#")
            || strip.equals("exit")
            || strip.equals("quit")) {
          continue;
        }
        script.append(piece).append('\n');
        answered++;
      }
    }
    script.append("/help\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long start = System.nanoTime();

    new ConsoleChat(
            router,
            new BufferedReader(new StringReader(script.toString())),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Caller.console("U0ONCALL"),
            false)
        .run();

    String transcript = out.toString(StandardCharsets.UTF_8);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(2));
    assertThat(transcript.substring(transcript.lastIndexOf("\n> /help\n")))
        .contains("/echo <text>", "/boom <how>");
    assertThat(audit).hasSize(answered + 1);
    assertThat(transcript.chars().filter(c -> c == 0x1b || c == 0x07 || c == 0).count()).isZero();
  }

  @Test
  void slackOverHttpAnswersEverySignedCommandAndGoesOn() throws Exception {
    try (MockWebServer slack = new MockWebServer()) {
      slack.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
              return new MockResponse.Builder()
                  .addHeader("Content-Type", "application/json")
                  .body("{\"ok\":true}")
                  .build();
            }
          });
      slack.start();
      SlackSettings settings =
          SlackSettings.fromEnvironment(
                  Map.of(
                      "SLACK_BOT_TOKEN",
                      "xoxb-test-token-0000",
                      "SLACK_SIGNING_SECRET",
                      SIGNING_SECRET,
                      "SLACK_HTTP_PORT",
                      "0",
                      "SLACK_API_URL",
                      slack.url("/api/").toString()))
              .orElseThrow();
      HttpClient http = HttpClient.newHttpClient();
      try (SlackBot bot = SlackBot.start(settings, router)) {
        List<String> corpus = corpus(new Random(SEED + 1), 120, 8_000);
        for (String line : corpus) {
          int space = line.indexOf(' ');
          String command = space < 0 ? line : line.substring(0, space);
          String text = space < 0 ? "" : line.substring(space + 1);
          HttpResponse<String> response = post(http, bot.httpPort(), slack, command, text);
          assertThat(response.statusCode()).as("%s", command).isLessThan(500);
        }
        HttpResponse<String> help = post(http, bot.httpPort(), slack, "/help", "");
        assertThat(help.statusCode()).isEqualTo(200);
        assertThat(help.body()).contains("/echo");
        HttpResponse<String> echo = post(http, bot.httpPort(), slack, "/echo", "a\u001bb");
        assertThat(echo.body()).contains("a\u241bb").doesNotContain("\\u001b");
      }
    }
  }

  private static HttpResponse<String> post(
      HttpClient http, int port, MockWebServer slack, String command, String text)
      throws Exception {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", "legacy");
    fields.put("team_id", "T0001");
    fields.put("channel_id", "C0OPS");
    fields.put("user_id", "U0ONCALL");
    fields.put("user_name", "olga");
    fields.put("command", command);
    fields.put("text", text);
    fields.put("response_url", slack.url("/respond/1").toString());
    fields.put("trigger_id", "1.2.3");
    StringBuilder body = new StringBuilder();
    fields.forEach((name, value) ->
        body.append(body.isEmpty() ? "" : "&")
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    long now = System.currentTimeMillis() / 1000;
    String signature =
        new SlackSignature.Generator(SIGNING_SECRET).generate(Long.toString(now), body.toString());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(now))
            .header("X-Slack-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void discordAnswersEveryInteractionAndGoesOn() {
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      DiscordInteractions interactions =
          new DiscordInteractions(router, workers, Duration.ofSeconds(30));
      List<String> corpus = corpus(new Random(SEED + 2), 120, 20_000);
      for (String line : corpus) {
        int space = line.indexOf(' ');
        String name = (space < 0 ? line : line.substring(0, space)).replaceFirst("^/", "");
        String text = space < 0 ? "" : line.substring(space + 1);
        SlashCommandInteractionEvent event = slash(name, text);
        ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
        when(event.reply(any(MessageCreateData.class))).thenReturn(reply);

        interactions.onSlashCommandInteraction(event);

        verify(reply, timeout(20_000).description(name)).queue(any(), any());
      }
      SlashCommandInteractionEvent help = slash("help", "");
      ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
      when(help.reply(any(MessageCreateData.class))).thenReturn(reply);
      interactions.onSlashCommandInteraction(help);
      verify(reply, timeout(20_000)).queue(any(), any());
    } finally {
      workers.shutdownNow();
    }
  }

  private static SlashCommandInteractionEvent slash(String name, String text) {
    SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
    when(event.getName()).thenReturn(name);
    OptionMapping option = mock(OptionMapping.class);
    when(option.getName()).thenReturn(name.equals("boom") ? "how" : "text");
    when(option.getType()).thenReturn(OptionType.STRING);
    when(option.getAsString()).thenReturn(text);
    when(event.getOptions()).thenReturn(List.of(option));
    User user = mock(User.class);
    when(user.getId()).thenReturn("222222222222222222");
    when(user.getName()).thenReturn("dana");
    Member member = mock(Member.class);
    when(member.getEffectiveName()).thenReturn("Dana\u001b[31m");
    when(member.getUnsortedRoles()).thenReturn(java.util.Set.of());
    when(event.getUser()).thenReturn(user);
    when(event.getMember()).thenReturn(member);
    when(event.getChannelId()).thenReturn("333333333333333333");
    return event;
  }
}
