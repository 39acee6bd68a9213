package dev.opsbot;

import dev.opsbot.access.Caller;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.demo.DemoFleet;
import dev.opsbot.demo.DemoHistory;
import dev.opsbot.demo.FaultCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A running opsbot as {@code demo} starts it: the simulated fleet on loopback, its embedded
 * PostgreSQL holding opsbot's state, config/demo.yaml (status page public), a week of history, and
 * the demo's job pinging heartbeat scheduler.
 */
final class DemoBot implements AutoCloseable {
  static final Caller ONCALL = new Caller("slack", "U0ONCALL", "olga", "C0OPS");

  private final DemoFleet fleet;
  private final Opsbot bot;
  private final Configuration configuration;

  private DemoBot(DemoFleet fleet, Opsbot bot, Configuration configuration) {
    this.fleet = fleet;
    this.bot = bot;
    this.configuration = configuration;
  }

  static DemoBot start() throws Exception {
    Clock clock = Clock.systemUTC();
    DemoFleet fleet = DemoFleet.start(clock);
    try {
      Configuration configuration =
          Configuration.parse(
              new ConfigLoader(fleet.environment(Map.of())),
              "config/demo.yaml",
              Files.readString(Path.of("config/demo.yaml")),
              Path.of("alerts/demo-rules.yaml"));
      Opsbot bot =
          Opsbot.start(
              configuration, clock, List.of(new FaultCommand(fleet.services(), fleet.heartbeat())));
      fleet.heartbeat().pingTo(bot.adminPort());
      bot.history().backfill(DemoHistory.week(configuration.config(), clock.instant()));
      return new DemoBot(fleet, bot, configuration);
    } catch (Exception | Error e) {
      fleet.close();
      throw e;
    }
  }

  Opsbot bot() {
    return bot;
  }

  dev.opsbot.demo.DemoFleet fleet() {
    return fleet;
  }

  Configuration configuration() {
    return configuration;
  }

  String adminUrl(String path) {
    return "http://127.0.0.1:" + bot.adminPort() + path;
  }

  void command(String text) {
    bot.router().handle(text, ONCALL);
  }

  /** The reply as the console shows it. */
  String reply(String text) {
    return new dev.opsbot.chat.PlainTextRenderer().render(bot.router().handle(text, ONCALL));
  }

  @Override
  public void close() {
    bot.close();
    fleet.close();
  }
}
