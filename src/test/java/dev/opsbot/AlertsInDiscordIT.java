package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.discord.DiscordInteractions;
import dev.opsbot.chat.discord.DiscordSettings;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.demo.DemoFleet;
import dev.opsbot.demo.FaultCommand;
import dev.opsbot.lifecycle.Lifecycle;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert's life in Discord with Discord's REST API as MockWebServer: the demo fleet with its
 * critical alerts routed to a Discord channel, Slack started beside Discord in the same process,
 * the gateway unreachable throughout (a closed loopback port: JDA keeps reconnecting while the
 * outbox posts over REST), a click on Acknowledge, and a Discord outage while the alert resolves.
 */
class AlertsInDiscordIT {
  private static final String CHANNEL = "1100000000000000001";
  private static final String ONCALL_ROLE = "1100000000000000009";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MockWebServer discord = new MockWebServer();
  private final MockWebServer slack = new MockWebServer();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong discordDownUntil = new AtomicLong();
  private final AtomicInteger refusedDuringOutage = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger(100);
  private final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private DemoFleet fleet;
  private Opsbot bot;
  private final Lifecycle chat = new Lifecycle();

  /** One REST call opsbot made to Discord. */
  private record Call(String method, String path, JsonNode body) {
    String text() {
      return body.toString();
    }
  }

  @BeforeEach
  void start() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String gateway = "ws://127.0.0.1:" + closedPort;
    discord.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath().replaceFirst("^/api/v10/", "");
            if (path.equals("users/@me")) {
              return json(
                  200,
                  "{\"id\":\"1100000000000000005\",\"username\":\"opsbot\",\"discriminator\":\"0\","
                      + "\"avatar\":null,\"bot\":true,\"verified\":true,\"mfa_enabled\":false,"
                      + "\"flags\":0}");
            }
            if (path.startsWith("gateway")) {
              return json(
                  200,
                  "{\"url\":\""
                      + gateway
                      + "\",\"shards\":1,\"session_start_limit\":{\"total\":1000,"
                      + "\"remaining\":999,\"reset_after\":0,\"max_concurrency\":1}}");
            }
            if (System.nanoTime() < discordDownUntil.get()) {
              refusedDuringOutage.incrementAndGet();
              return json(502, "{\"message\":\"502 Bad Gateway\",\"code\":0}");
            }
            JsonNode body = parse(request.getBody().utf8());
            calls.add(new Call(request.getMethod(), path, body));
            Matcher thread = Pattern.compile("channels/\\d+/messages/(\\d+)/threads").matcher(path);
            if (thread.matches()) {
              return threads.add(thread.group(1))
                  ? json(201, "{\"id\":\"" + thread.group(1) + "\",\"type\":11}")
                  : json(
                      400,
                      "{\"message\":\"A thread has already been created for this message\","
                          + "\"code\":160004}");
            }
            if (request.getMethod().equals("PATCH")) {
              return json(200, "{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}");
            }
            return json(200, "{\"id\":\"12000000000000" + ids.incrementAndGet() + "\"}");
          }
        });
    discord.start();
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(200, "{\"ok\":true}");
          }
        });
    slack.start();
    fleet = DemoFleet.start(Clock.systemUTC());

    // The demo's rules, with critical alerts routed to Discord.
    Path rules = dir.resolve("alerts/rules.yaml");
    Files.createDirectories(rules.resolveSibling("runbooks"));
    try (var runbooks = Files.list(Path.of("alerts/runbooks"))) {
      for (Path runbook : runbooks.toList()) {
        Files.copy(runbook, rules.resolveSibling("runbooks").resolve(runbook.getFileName()));
      }
    }
    String demoRules = Files.readString(Path.of("alerts/demo-rules.yaml"));
    assertThat(demoRules).contains("critical: \"#ops-critical\"");
    Files.writeString(
        rules,
        demoRules.replace("critical: \"#ops-critical\"", "critical: \"discord:" + CHANNEL + "\""));
    String demoConfig = Files.readString(Path.of("config/demo.yaml"));
    String grant = "      slackUsers: [U0ONCALL]";
    assertThat(demoConfig).contains(grant);
    demoConfig =
        demoConfig.replace(grant, grant + "\n      discordRoles: [\"" + ONCALL_ROLE + "\"]");

    Map<String, String> env =
        Map.of(
            "DISCORD_TOKEN", "MTEwMDAwMDAwMDAwMDAwMDA1.GaBcDe.test-token-abcdefghijklmnop",
            "DISCORD_API_URL", discord.url("/api/v10/").toString(),
            "DISCORD_GATEWAY_URL", gateway,
            "SLACK_BOT_TOKEN", "xoxb-test-token-0000",
            "SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5",
            "SLACK_HTTP_PORT", "0",
            "SLACK_API_URL", slack.url("/api/").toString());
    Configuration configuration =
        Configuration.parse(
            new ConfigLoader(fleet.environment(env)), "config/demo.yaml", demoConfig, rules);
    bot =
        Opsbot.start(configuration, Clock.systemUTC(), List.of(new FaultCommand(fleet.services())));
    // As the demo does: its scheduled job pings (else heartbeat-missed fires during the test).
    fleet.heartbeat().pingTo(bot.adminPort());
    // As `run` wires them: both platforms in one process.
    Main.startSlack(chat, SlackSettings.fromEnvironment(env), bot);
    Main.startDiscord(chat, DiscordSettings.fromEnvironment(env), bot);
  }

  @AfterEach
  void stop() throws Exception {
    workers.shutdownNow();
    chat.close();
    bot.close();
    fleet.close();
    discord.close();
    slack.close();
  }

  @Test
  void anAlertIsPostedInDiscordAcknowledgedByButtonThreadedAndResolvedAfterAnOutage()
      throws Exception {
    Caller oncall = new Caller("slack", "U0ONCALL", "olga", "C0OPS");
    bot.router().handle("/demo aurea-stop", oncall);

    // 1. One parent in the Discord channel, with the three buttons.
    Call parent =
        await(
            "the alert's parent message",
            c ->
                c.method().equals("POST")
                    && c.path().equals("channels/" + CHANNEL + "/messages")
                    && c.text().contains("AUREA is not running on ai-agents"));
    String alertId = customIdValue(parent.body(), "alert.ack");
    assertThat(customIdValue(parent.body(), "alert.snooze")).isEqualTo(alertId);
    assertThat(customIdValue(parent.body(), "alert.resolve")).isEqualTo(alertId);
    // The fake numbers messages in order; the page to whoever is on call may follow the parent.
    int posts = 0;
    for (Call call : calls) {
      if (call.method().equals("POST") && call.path().endsWith("/messages")) {
        posts++;
      }
      if (call == parent) {
        break;
      }
    }
    String parentId = "12000000000000" + (100 + posts);

    // 2. An on-call engineer clicks Acknowledge in Discord.
    InteractionHook hook = click("alert.ack|" + alertId, ONCALL_ROLE);
    Call edited =
        await(
            "the parent edited in place with the acknowledger",
            c ->
                c.method().equals("PATCH")
                    && c.path().equals("channels/" + CHANNEL + "/messages/" + parentId)
                    && c.text().contains("Acknowledged by"));
    assertThat(edited.text()).doesNotContain("alert.ack|").contains("alert.resolve|" + alertId);
    await(
        "the thread started on the parent",
        c -> c.path().equals("channels/" + CHANNEL + "/messages/" + parentId + "/threads"));
    await(
        "the acknowledgement in the thread",
        c ->
            c.method().equals("POST")
                && c.path().equals("channels/" + parentId + "/messages")
                && c.text().contains("Acknowledged by"));
    // The clicker's confirmation is theirs alone; the parent changed through the outbox above.
    var confirmation = org.mockito.ArgumentCaptor.forClass(MessageCreateData.class);
    org.mockito.Mockito.verify(hook, org.mockito.Mockito.timeout(10_000))
        .sendMessage(confirmation.capture());
    assertThat(confirmation.getValue().getEmbeds().getFirst().getDescription())
        .startsWith("You acknowledged alert")
        .contains("aurea-not-running");
    org.mockito.Mockito.verify(hook, org.mockito.Mockito.never())
        .editOriginal(org.mockito.ArgumentMatchers.any(MessageEditData.class));

    // 3. Discord answers 502 for 20 s while the fault clears: everything arrives afterwards, once.
    discordDownUntil.set(System.nanoTime() + Duration.ofSeconds(20).toNanos());
    bot.router().handle("/demo reset", oncall);
    Call resolved =
        await(
            "the parent turned green after the outage",
            c -> c.method().equals("PATCH") && c.text().contains("RESOLVED"));
    assertThat(refusedDuringOutage.get()).as("calls Discord refused").isPositive();
    assertThat(resolved.path()).isEqualTo("channels/" + CHANNEL + "/messages/" + parentId);
    await(
        "the resolution in the thread",
        c ->
            c.path().equals("channels/" + parentId + "/messages") && c.text().contains("Resolved"));
    Thread.sleep(3_000);
    assertThat(count(c -> c.method().equals("PATCH") && c.text().contains("RESOLVED")))
        .isEqualTo(1);
    assertThat(
            count(c ->
                c.method().equals("POST") && c.path().equals("channels/" + CHANNEL + "/messages")))
        .as("parents posted")
        .isEqualTo(1);
  }

  /** A click as JDA would deliver it, handed to the same router the running bot uses. */
  private InteractionHook click(String customId, String roleId) {
    ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
    when(event.getComponentId()).thenReturn(customId);
    when(event.getButton()).thenReturn(Button.success(customId, "Acknowledge"));
    when(event.deferEdit()).thenReturn(mock(MessageEditCallbackAction.class, RETURNS_SELF));
    User user = mock(User.class);
    when(user.getId()).thenReturn("1100000000000000007");
    when(user.getName()).thenReturn("olga");
    Member member = mock(Member.class);
    when(member.getEffectiveName()).thenReturn("Olga P.");
    Role role = mock(Role.class);
    when(role.getId()).thenReturn(roleId);
    when(member.getUnsortedRoles()).thenReturn(Set.of(role));
    when(event.getUser()).thenReturn(user);
    when(event.getMember()).thenReturn(member);
    when(event.getChannelId()).thenReturn(CHANNEL);
    InteractionHook hook = mock(InteractionHook.class);
    when(event.getHook()).thenReturn(hook);
    when(hook.editOriginal(org.mockito.ArgumentMatchers.any(MessageEditData.class)))
        .thenReturn(mock(WebhookMessageEditAction.class, RETURNS_SELF));
    when(hook.sendMessage(org.mockito.ArgumentMatchers.any(MessageCreateData.class)))
        .thenReturn(mock(WebhookMessageCreateAction.class, RETURNS_SELF));
    new DiscordInteractions(bot.router(), workers, Duration.ofSeconds(2))
        .onButtonInteraction(event);
    return hook;
  }

  private static String customIdValue(JsonNode message, String actionId) {
    for (JsonNode row : message.path("components")) {
      for (JsonNode button : row.path("components")) {
        String id = button.path("custom_id").asText();
        if (id.startsWith(actionId + "|")) {
          return id.substring(actionId.length() + 1);
        }
      }
    }
    throw new AssertionError("no " + actionId + " button in " + message);
  }

  private Call await(String what, Predicate<Call> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Call call : calls) {
        if (wanted.test(call)) {
          return call;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no " + what + " within " + PATIENCE.toSeconds() + " s; calls: " + calls);
  }

  private long count(Predicate<Call> wanted) {
    return calls.stream().filter(wanted).count();
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("raw", body);
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
