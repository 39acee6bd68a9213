package dev.opsbot.chat.discord;

import dev.opsbot.command.CommandRouter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * opsbot in Discord over JDA's gateway (no privileged intents: JDA always keeps the servers and
 * their roles, which role grants need): every command of the router as a slash command (in one
 * server when DISCORD_GUILD_ID is set, else global), every button through the router's click
 * handling. A lost gateway connection is logged and JDA resumes it on its own; what opsbot posts by
 * itself goes through the outbox over REST and does not wait for the gateway.
 */
public final class DiscordBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
  // Well inside Discord's 3 s for the reply to reach it; slower answers are deferred.
  static final Duration ANSWER_WITHIN = Duration.ofMillis(1_500);

  /** What the bot needs in a channel: see it, post, embed, attach, and thread alert details. */
  static final EnumSet<Permission> PERMISSIONS =
      EnumSet.of(
          Permission.VIEW_CHANNEL,
          Permission.MESSAGE_SEND,
          Permission.MESSAGE_EMBED_LINKS,
          Permission.MESSAGE_ATTACH_FILES,
          Permission.MESSAGE_HISTORY,
          Permission.CREATE_PUBLIC_THREADS,
          Permission.MESSAGE_SEND_IN_THREADS);

  private final JDA jda;
  private final ExecutorService workers;

  private DiscordBot(JDA jda, ExecutorService workers) {
    this.jda = jda;
    this.workers = workers;
  }

  /**
   * Logs in and registers the commands once connected. A token Discord refuses stops start-up here,
   * with what to do.
   */
  public static DiscordBot start(DiscordSettings settings, CommandRouter router) {
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    List<SlashCommandData> commands = SlashCommands.of(router.specs());
    JDA jda;
    try {
      JDABuilder builder =
          JDABuilder.createLight(settings.token().reveal(), EnumSet.noneOf(GatewayIntent.class))
              .setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()))
              .setAutoReconnect(true)
              .addEventListeners(
                  new DiscordInteractions(router, workers, ANSWER_WITHIN),
                  new Connection(settings, commands));
      builder.setSessionController(new PacedSessionController(settings.gatewayUrl()));
      jda = builder.build();
    } catch (InvalidTokenException e) {
      workers.shutdownNow();
      throw new IllegalStateException(
          "Discord refused DISCORD_TOKEN (401 Unauthorized): reset the token in the Discord"
              + " Developer Portal (your application > Bot > Reset Token) and set DISCORD_TOKEN"
              + " to it, or unset DISCORD_TOKEN to run without Discord");
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw new IllegalStateException(
          "Discord did not start: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    log.info(
        "event=discord_started commands={} scope={}",
        commands.size(),
        settings.guildCommands() ? "guild " + settings.guildId() : "global");
    return new DiscordBot(jda, workers);
  }

  /** The URL that adds the bot to a server with the scopes and permissions opsbot needs. */
  static String inviteUrl(String applicationId) {
    return "https://discord.com/oauth2/authorize?client_id="
        + applicationId
        + "&scope=bot+applications.commands&permissions="
        + Permission.getRaw(PERMISSIONS);
  }

  /** Registers the commands when connected; logs losing and regaining the gateway. */
  private static final class Connection extends ListenerAdapter {
    private final DiscordSettings settings;
    private final List<SlashCommandData> commands;

    Connection(DiscordSettings settings, List<SlashCommandData> commands) {
      this.settings = settings;
      this.commands = commands;
    }

    @Override
    public void onReady(ReadyEvent event) {
      JDA jda = event.getJDA();
      String invite = inviteUrl(jda.getSelfUser().getApplicationId());
      log.info(
          "event=discord_ready bot={} servers={} invite=\"{}\"",
          jda.getSelfUser().getName(),
          jda.getGuilds().size(),
          invite);
      if (settings.guildCommands()) {
        Guild guild = jda.getGuildById(settings.guildId());
        if (guild == null) {
          log.error(
              "event=discord_guild_missing guild={} note=\"the bot is not in the server of"
                  + " DISCORD_GUILD_ID: invite it with {}\"",
              settings.guildId(),
              invite);
          return;
        }
        guild
            .updateCommands()
            .addCommands(commands)
            .queue(
                done ->
                    log.info(
                        "event=discord_commands_registered scope=guild guild={} count={}",
                        guild.getId(),
                        done.size()),
                failure ->
                    log.error(
                        "event=discord_commands_failed scope=guild error=\"{}\" note=\"was the"
                            + " bot invited with the applications.commands scope?\"",
                        failure.toString()));
      } else {
        jda.updateCommands()
            .addCommands(commands)
            .queue(
                done ->
                    log.info(
                        "event=discord_commands_registered scope=global count={} note=\"global"
                            + " commands can take up to an hour to show; set DISCORD_GUILD_ID for"
                            + " one server at once\"",
                        done.size()),
                failure ->
                    log.error(
                        "event=discord_commands_failed scope=global error=\"{}\"",
                        failure.toString()));
      }
    }

    @Override
    public void onSessionDisconnect(SessionDisconnectEvent event) {
      log.warn(
          "event=discord_disconnected code={} by_server={} note=\"JDA reconnects on its own;"
              + " slash commands and buttons wait; alerts still go out over REST\"",
          event.getCloseCode() == null ? "none" : event.getCloseCode().getCode(),
          event.isClosedByServer());
    }

    @Override
    public void onSessionResume(SessionResumeEvent event) {
      log.info("event=discord_resumed");
    }

    @Override
    public void onSessionRecreate(SessionRecreateEvent event) {
      log.info("event=discord_reconnected note=\"new session\"");
    }
  }

  @Override
  public void close() {
    jda.shutdown();
    try {
      if (!jda.awaitShutdown(Duration.ofSeconds(5))) {
        jda.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jda.shutdownNow();
    }
    workers.shutdownNow();
  }
}
