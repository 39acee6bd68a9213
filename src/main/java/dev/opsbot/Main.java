package dev.opsbot;

import dev.opsbot.access.Caller;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.chat.console.ConsoleButtons;
import dev.opsbot.chat.console.ConsoleChat;
import dev.opsbot.chat.console.ConsoleChatSender;
import dev.opsbot.chat.discord.DiscordBot;
import dev.opsbot.chat.discord.DiscordOutboxSender;
import dev.opsbot.chat.discord.DiscordSettings;
import dev.opsbot.chat.slack.SlackBot;
import dev.opsbot.chat.slack.SlackOutboxSender;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.chat.slack.SlackUserGroupSync;
import dev.opsbot.chat.slack.SlackUserGroups;
import dev.opsbot.config.ConfigException;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.DurationText;
import dev.opsbot.config.Problem;
import dev.opsbot.demo.DemoFleet;
import dev.opsbot.demo.DemoHistory;
import dev.opsbot.demo.FaultCommand;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.lifecycle.ShutdownHook;
import dev.opsbot.sql.SqlTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The command line: {@code run}, {@code demo}, {@code check-config}. Wiring only. */
@Command(
    name = "opsbot",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Chat-ops bot for on-call teams.",
    subcommands = {Main.Run.class, Main.Demo.class, Main.CheckConfig.class})
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int CONFIG_ERROR = 2;

  public static void main(String[] args) {
    System.exit(execute(args, System.in, System.out, System.err, System.getenv()));
  }

  /** Runs one command line with the given streams and environment; returns the exit code. */
  public static int execute(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    dev.opsbot.logging.LogRouting.install();
    CommandLine line = new CommandLine(new Main(), new Factory(in, out, err, env));
    line.setOut(new java.io.PrintWriter(out, true));
    line.setErr(new java.io.PrintWriter(err, true));
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException config) {
        printProblems(err, config.problems());
        return CONFIG_ERROR;
      }
      err.println("opsbot: " + dev.opsbot.config.SecretRedactor.redact(e.getMessage()));
      return FAILED;
    });
    if (args.length == 0) {
      line.usage(out);
      return OK;
    }
    return line.execute(args);
  }

  /** Members of the Slack user groups that roles are granted to, when Slack is configured. */
  static GroupDirectory groups(Optional<SlackSettings> slack, Configuration configuration) {
    List<String> groupIds =
        configuration.config().access().roles().values().stream()
            .flatMap(grant -> grant.slackUserGroups().stream())
            .distinct()
            .toList();
    return slack.map(s -> SlackUserGroups.of(s, groupIds)).orElse(GroupDirectory.NONE);
  }

  /** Slack when its variables are set, for commands and for what opsbot posts on its own. */
  static void startSlack(Lifecycle lifecycle, Optional<SlackSettings> settings, Opsbot bot) {
    settings.ifPresent(s -> {
      bot.chatRoutes().routeDefault(SlackOutboxSender.of(s));
      lifecycle.start("slack", () -> SlackBot.start(s, bot.router(), bot.replayCheck()));
      OnCallWiring.startUserGroups(
          bot.onCall(), SlackUserGroupSync.of(s), Clock.systemUTC(), lifecycle);
    });
  }

  /**
   * Discord when DISCORD_TOKEN is set: commands and buttons over the gateway, and {@code
   * discord:<channel id>} outbox items over REST. Runs beside Slack.
   */
  static void startDiscord(Lifecycle lifecycle, Optional<DiscordSettings> settings, Opsbot bot) {
    settings.ifPresent(s -> {
      bot.chatRoutes().route(DiscordOutboxSender.PREFIX, DiscordOutboxSender.of(s));
      lifecycle.start("discord", () -> DiscordBot.start(s, bot.router()));
    });
  }

  /** What check-config says about Discord, from the environment. */
  static String discordSummary(Optional<DiscordSettings> settings) {
    return "  discord: "
        + settings
            .map(s ->
                s.guildCommands()
                    ? "on, commands registered in server " + s.guildId() + " (DISCORD_GUILD_ID)"
                    : "on, global commands (set DISCORD_GUILD_ID for one server, at once)")
            .orElse("off (DISCORD_TOKEN not set)")
        + "\n";
  }

  static void printProblems(PrintStream err, List<Problem> problems) {
    err.println("The configuration has " + problems.size() + " problem(s):");
    problems.forEach(p -> err.println("  - " + p));
  }

  /** Gives the subcommands this invocation's streams and environment. */
  private record Factory(InputStream in, PrintStream out, PrintStream err, Map<String, String> env)
      implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == Run.class) {
        return type.cast(new Run(this));
      }
      if (type == Demo.class) {
        return type.cast(new Demo(this));
      }
      if (type == CheckConfig.class) {
        return type.cast(new CheckConfig(this));
      }
      return CommandLine.defaultFactory().create(type);
    }

    BufferedReader reader() {
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  /** The configuration files {@code run} and {@code check-config} read. */
  static final class ConfigFiles {
    @Option(names = "--config", description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/opsbot.yaml");

    @Option(
        names = "--rules",
        description =
            "Alert rules, with their runbooks in runbooks/ beside them (default:"
                + " ${DEFAULT-VALUE}, else the copy bundled in the jar).")
    Path rules = Configuration.ALERT_RULES;
  }

  @Command(name = "run", description = "Run opsbot against the configured fleet.")
  static final class Run implements Callable<Integer> {
    private final Factory io;

    @Mixin ConfigFiles files = new ConfigFiles();

    @Option(names = "--console", description = "Also take commands on standard input.")
    boolean console;

    @Option(
        names = "--as",
        description = "The chat user id the console acts as (default: ${DEFAULT-VALUE}).")
    String user = "console";

    Run(Factory io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      Configuration loaded =
          Configuration.load(new ConfigLoader(io.env()), files.config, files.rules);
      Optional<SlackSettings> slack = SlackSettings.fromEnvironment(io.env());
      Optional<DiscordSettings> discord = DiscordSettings.fromEnvironment(io.env());
      try (Lifecycle lifecycle = new Lifecycle();
          ShutdownHook shutdown = new ShutdownHook(lifecycle)) {
        Opsbot bot =
            lifecycle.start(
                "opsbot",
                () -> Opsbot.start(loaded, Clock.systemUTC(), List.of(), groups(slack, loaded)));
        startSlack(lifecycle, slack, bot);
        startDiscord(lifecycle, discord, bot);
        if (console) {
          new ConsoleChat(
                  bot.router(),
                  io.reader(),
                  io.out(),
                  Caller.console(user),
                  System.console() != null)
              .run();
          return OK;
        }
        shutdown.await();
        return OK;
      }
    }
  }

  @Command(
      name = "demo",
      description = "Talk to opsbot in this terminal about a simulated copy of the fleet.")
  static final class Demo implements Callable<Integer> {
    /** The demo's alert rules: the real ones with timings short enough to watch. */
    static final Path DEMO_ALERT_RULES = Path.of("alerts/demo-rules.yaml");

    private final Factory io;

    @Option(
        names = "--config",
        description = "Demo configuration (default: config/demo.yaml bundled in the jar).")
    Path config;

    @Option(
        names = "--as",
        description =
            "The chat user id you act as: U0ONCALL (the default) may use /sql, U0ADMIN also"
                + " /audit, anyone else is a viewer.")
    String user = "U0ONCALL";

    Demo(Factory io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      Optional<SlackSettings> slack = SlackSettings.fromEnvironment(io.env());
      Optional<DiscordSettings> discord = DiscordSettings.fromEnvironment(io.env());
      PrintStream out = io.out();
      out.println("Starting the simulated fleet and its PostgreSQL database...");
      Clock clock = Clock.systemUTC();
      try (Lifecycle lifecycle = new Lifecycle();
          ShutdownHook shutdown = new ShutdownHook(lifecycle)) {
        DemoFleet fleet = lifecycle.start("demo fleet", () -> DemoFleet.start(clock));
        ConfigLoader loader = new ConfigLoader(fleet.environment(io.env()));
        Configuration loaded =
            config != null
                ? Configuration.load(loader, config, DEMO_ALERT_RULES)
                : Configuration.parse(
                    loader, "config/demo.yaml", bundledDemoConfig(), DEMO_ALERT_RULES);
        Opsbot bot =
            lifecycle.start(
                "opsbot",
                () ->
                    Opsbot.start(
                        loaded,
                        clock,
                        List.of(new FaultCommand(fleet.services(), fleet.heartbeat()))));
        // Pings stop before opsbot does, so its shutdown is not met by refused pings.
        lifecycle.start(
            "demo heartbeat pings",
            () -> fleet.heartbeat().pingTo(bot.adminPort()),
            () -> fleet.heartbeat().pinging(false));
        startSlack(lifecycle, slack, bot);
        startDiscord(lifecycle, discord, bot);
        ConsoleButtons buttons = new ConsoleButtons();
        if (slack.isEmpty()) {
          bot.chatRoutes().routeDefault(new ConsoleChatSender(out, buttons));
        }
        bot.history().backfill(DemoHistory.week(loaded.config(), clock.instant()));
        out.println(
            "opsbot demo: "
                + loaded.config().services().size()
                + " simulated services on loopback, PostgreSQL on port "
                + fleet.database().port()
                + ", probed every "
                + DurationText.format(loaded.config().probe().interval())
                + "; admin on http://127.0.0.1:"
                + bot.adminPort()
                + "/metrics");
        if (loaded.config().statusPage().enabled()) {
          out.println(
              "Status page: http://127.0.0.1:"
                  + bot.adminPort()
                  + "/status"
                  + (loaded.config().statusPage().isPublic() ? "" : " (with its token)"));
        }
        if (loaded.config().intake().withTokensOnly().sources().containsKey("alertmanager")) {
          out.println(
              "Alertmanager intake: POST http://127.0.0.1:"
                  + bot.adminPort()
                  + "/intake/alertmanager with header \""
                  + fleet.intakeAuthorization()
                  + "\"");
        }
        out.println(
            "Heartbeat 'scheduler' is pinged every 3 s (/demo heartbeat stop stops it); by hand: "
                + fleet.heartbeat().curl(bot.adminPort()));
        out.println(
            "You are "
                + user
                + ". Type /help, /health, /aurea, /digest preview, /sql customers-by-tenant, or /demo to break"
                + " something (then /alerts, /ack <id>, /resolve <id>; /click <label> presses a button)."
                + " Ctrl-D quits.");
        new ConsoleChat(
                bot.router(),
                io.reader(),
                out,
                Caller.console(user),
                System.console() != null,
                buttons)
            .run();
      }
      out.println("opsbot demo stopped.");
      return OK;
    }

    private static String bundledDemoConfig() throws IOException {
      try (InputStream in = Main.class.getResourceAsStream("/config/demo.yaml")) {
        if (in == null) {
          throw new IOException("config/demo.yaml is missing from the jar: rebuild it");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Command(
      name = "check-config",
      description = "Validate a configuration and summarise it, without starting anything.")
  static final class CheckConfig implements Callable<Integer> {
    private final Factory io;

    @Mixin ConfigFiles files = new ConfigFiles();

    CheckConfig(Factory io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      Configuration loaded;
      try {
        loaded = Configuration.load(new ConfigLoader(io.env()), files.config, files.rules);
      } catch (ConfigException e) {
        io.err().println(files.config + " is not usable.");
        printProblems(io.err(), e.problems());
        return CONFIG_ERROR;
      }
      try {
        SlackSettings.fromEnvironment(io.env());
      } catch (ConfigException e) {
        io.err().println("The Slack settings are not usable.");
        printProblems(io.err(), e.problems());
        return CONFIG_ERROR;
      }
      Optional<DiscordSettings> discord;
      try {
        discord = DiscordSettings.fromEnvironment(io.env());
      } catch (ConfigException e) {
        io.err().println("The Discord settings are not usable.");
        printProblems(io.err(), e.problems());
        return CONFIG_ERROR;
      }
      io.out().print(new ConfigSummary(loaded).render());
      io.out().print(discordSummary(discord));
      loaded
          .config()
          .databases()
          .forEach((name, database) -> {
            try (SqlTarget target = new SqlTarget(name, database)) {
              target.roleWarnings().forEach(w -> io.out().println("WARNING: " + w));
            }
          });
      return OK;
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"opsbot " + Version.current()};
    }
  }
}
