package dev.opsbot.chat.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * opsbot in Slack: every command of the router as a slash command, every button through the
 * router's click handling, over Socket Mode or HTTP. A command is always acknowledged at once: an
 * answer ready within {@link #ACK_BUDGET_MS} goes in the acknowledgement, anything slower is
 * delivered through the response_url, off Bolt's request threads.
 */
public final class SlackBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlackBot.class);
  // Under the 200 ms ack target with room for the HTTP round trip: an answer that is not ready by
  // then (a probe round of a large fleet, a query) follows through the response_url.
  static final long ACK_BUDGET_MS = 150;

  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final CommandRouter router;
  private final BlockKitRenderer renderer = new BlockKitRenderer();
  private final SlackUserNames names;
  private final SlackDelivery delivery;
  private SlackHttpServer httpServer;
  private SocketModeApp socketMode;

  private SlackBot(CommandRouter router, SlackUserNames names, SlackDelivery delivery) {
    this.router = router;
    this.names = names;
    this.delivery = delivery;
  }

  /** Connects to Slack the way the settings say; fails with the reason if it cannot. */
  public static SlackBot start(SlackSettings settings, CommandRouter router) {
    return start(settings, router, ReplayCheck.THIS_REPLICA_ONLY);
  }

  /** As above, with signed requests checked for replays across every replica in HTTP mode. */
  public static SlackBot start(SlackSettings settings, CommandRouter router, ReplayCheck replays) {
    return start(settings, router, SlackHttpServer.Limits.DEFAULT, replays);
  }

  static SlackBot start(
      SlackSettings settings, CommandRouter router, SlackHttpServer.Limits httpLimits) {
    return start(settings, router, httpLimits, ReplayCheck.THIS_REPLICA_ONLY);
  }

  static SlackBot start(
      SlackSettings settings,
      CommandRouter router,
      SlackHttpServer.Limits httpLimits,
      ReplayCheck replays) {
    SlackConfig slackConfig = settings.sdkConfig();
    Slack slack = Slack.getInstance(slackConfig);
    AppConfig.AppConfigBuilder config =
        AppConfig.builder().slack(slack).singleTeamBotToken(settings.botToken().reveal());
    if (settings.signingSecret() != null) {
      config.signingSecret(settings.signingSecret().reveal());
    }
    AppConfig appConfig = config.build();
    App app = new App(appConfig);
    var methods = slack.methods(settings.botToken().reveal());
    SlackBot bot =
        new SlackBot(
            router,
            new SlackUserNames(methods),
            SlackDelivery.create(slackConfig, settings.botToken()));
    for (CommandSpec spec : router.specs()) {
      app.command("/" + spec.name(), (req, ctx) -> bot.onCommand(spec.name(), req, ctx));
    }
    // DOTALL: an action id with a line break is still ours to answer, not Bolt's to log.
    app.blockAction(Pattern.compile(".+", Pattern.DOTALL), bot::onClick);
    try {
      if (settings.socketMode()) {
        bot.socketMode =
            new SocketModeApp(
                settings.appToken().reveal(), app, SocketModeClient.Backend.JavaWebSocket);
        bot.socketMode.startAsync();
        log.info("event=slack_started mode=socket commands={}", router.specs().size());
      } else {
        bot.httpServer =
            SlackHttpServer.start(app, appConfig, settings.httpPort(), httpLimits, replays);
        log.info(
            "event=slack_started mode=http port={} path={} commands={}",
            bot.httpServer.port(),
            SlackHttpServer.PATH,
            router.specs().size());
      }
    } catch (Exception e) {
      bot.close();
      throw new IllegalStateException("Slack did not start: " + e.getMessage(), e);
    }
    return bot;
  }

  /** The HTTP mode port (useful when SLACK_HTTP_PORT is 0); -1 in Socket Mode. */
  public int httpPort() {
    return httpServer == null ? -1 : httpServer.port();
  }

  SlackHttpServer httpServer() {
    return httpServer;
  }

  private Response onCommand(String name, SlashCommandRequest req, SlashCommandContext ctx) {
    SlashCommandPayload payload = req.getPayload();
    if (blank(payload.getUserId())) {
      // Over HTTP such a request is refused before it gets here; Socket Mode hands it straight on.
      return ctx.ack(
          r -> r.responseType("ephemeral").text("/" + name + " came without a user id: ignored."));
    }
    String text = payload.getText() == null ? "" : payload.getText();
    Future<Message> answer =
        workers.submit(() -> {
          Caller caller =
              new Caller(
                  "slack",
                  payload.getUserId(),
                  names.nameOf(payload.getUserId(), payload.getUserName()),
                  payload.getChannelId());
          return router.handle(name, text, caller);
        });
    try {
      Message message = answer.get(ACK_BUDGET_MS, TimeUnit.MILLISECONDS);
      workers.submit(() -> uploadFiles(message, payload.getChannelId()));
      return ctx.ack(response(message));
    } catch (TimeoutException e) {
      workers.submit(() -> respondLater(name, answer, ctx, payload.getChannelId()));
      return ctx.ack();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ctx.ack();
    } catch (ExecutionException e) {
      log.error(
          "event=slack_command_failed command=/{} error=\"{}\"",
          name,
          LogSafe.text(e.getCause().toString()));
      return ctx.ack(
          r -> r.responseType("ephemeral").text("/" + name + " failed; see opsbot's log."));
    }
  }

  private void respondLater(
      String name, Future<Message> answer, SlashCommandContext ctx, String channelId) {
    try {
      Message message = answer.get();
      var result = ctx.respond(response(message));
      if (result.getCode() >= 300) {
        log.warn(
            "event=slack_respond_failed command=/{} status={} body=\"{}\"",
            name,
            result.getCode(),
            LogSafe.text(result.getMessage()));
      }
      uploadFiles(message, channelId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | IOException e) {
      log.error(
          "event=slack_respond_failed command=/{} error=\"{}\"", name, LogSafe.text(e.toString()));
    }
  }

  private SlashCommandResponse response(Message message) {
    SlackMessage rendered = renderer.render(message);
    return SlashCommandResponse.builder()
        .responseType(message.visibility() == Visibility.IN_CHANNEL ? "in_channel" : "ephemeral")
        .text(rendered.text())
        .blocks(rendered.blocks())
        .build();
  }

  private void uploadFiles(Message message, String channelId) {
    if (message.visibility() != Visibility.IN_CHANNEL) {
      return;
    }
    for (Block block : message.blocks()) {
      if (block instanceof Block.File file) {
        delivery.upload(channelId, null, file);
      }
    }
  }

  private Response onClick(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    if (payload.getActions() == null
        || payload.getActions().isEmpty()
        || payload.getUser() == null
        || blank(payload.getUser().getId())) {
      return ctx.ack();
    }
    BlockActionPayload.Action action = payload.getActions().getFirst();
    workers.execute(() -> {
      try {
        click(payload, action, ctx);
      } catch (Throwable e) {
        // A task on an executor has no one to report to: without this the failure is silent.
        log.error(
            "event=slack_click_failed action=\"{}\" error=\"{}\"",
            LogSafe.text(action.getActionId()),
            LogSafe.text(e.toString()),
            e);
      }
    });
    return ctx.ack();
  }

  private void click(
      BlockActionPayload payload, BlockActionPayload.Action action, ActionContext ctx) {
    String userId = payload.getUser().getId();
    String userName = names.nameOf(userId, payload.getUser().getUsername());
    String channelId = payload.getChannel() == null ? null : payload.getChannel().getId();
    Caller caller = new Caller("slack", userId, userName, channelId);
    Message result =
        router.handleClick(new ButtonClick(action.getActionId(), action.getValue(), caller));
    try {
      if (result.visibility() == Visibility.EPHEMERAL) {
        SlackMessage rendered = renderer.render(result);
        ctx.respond(r ->
            r.responseType("ephemeral")
                .replaceOriginal(false)
                .text(rendered.text())
                .blocks(rendered.blocks()));
      } else {
        String label = action.getText() == null ? action.getActionId() : action.getText().getText();
        Message shown = withContext(result, userName + " clicked \u201c" + label + "\u201d");
        SlackMessage rendered = renderer.render(shown);
        ctx.respond(r ->
            r.responseType("in_channel")
                .replaceOriginal(true)
                .text(rendered.text())
                .blocks(rendered.blocks()));
      }
    } catch (IOException e) {
      log.error(
          "event=slack_click_respond_failed action=\"{}\" error=\"{}\"",
          LogSafe.text(action.getActionId()),
          LogSafe.text(e.toString()));
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Message withContext(Message message, String line) {
    List<Block> blocks = new ArrayList<>(message.blocks());
    blocks.add(new Block.Context(line));
    return new Message(blocks, message.fallbackText(), message.visibility(), message.tone());
  }

  @Override
  public void close() {
    if (httpServer != null) {
      httpServer.close();
    }
    if (socketMode != null) {
      try {
        socketMode.close();
      } catch (Exception e) {
        log.warn("event=slack_close_failed error=\"{}\"", e.toString());
      }
    }
    workers.shutdownNow();
  }
}
