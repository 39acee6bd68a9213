package dev.opsbot;

import dev.opsbot.admin.AdminServer;
import dev.opsbot.admin.ProbeMetrics;
import dev.opsbot.command.AureaCommand;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.HealthCommand;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.db.DatabasePingProbe;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeEngine;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running opsbot assembled from its configuration: probes, commands, admin endpoint. */
public final class Opsbot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Opsbot.class);

  private final ProbeEngine engine;
  private final CommandRouter router;
  private final AdminServer admin;
  private final List<AutoCloseable> resources;

  private Opsbot(
      ProbeEngine engine, CommandRouter router, AdminServer admin, List<AutoCloseable> resources) {
    this.engine = engine;
    this.router = router;
    this.admin = admin;
    this.resources = resources;
  }

  /**
   * Starts everything the configuration describes; {@code extraCommands} join the built-in ones.
   */
  public static Opsbot start(OpsbotConfig config, Clock clock, List<Command> extraCommands) {
    List<AutoCloseable> resources = new ArrayList<>();
    OkHttpClient http = new OkHttpClient.Builder().build();
    List<Probe> probes = new ArrayList<>();
    for (ServiceConfig service : config.services()) {
      probes.add(HttpProbe.health(service, config.probe(), http, clock));
      service
          .endpoints()
          .forEach((name, endpoint) ->
              probes.add(HttpProbe.endpoint(service, name, endpoint, config.probe(), http, clock)));
    }
    config
        .databases()
        .forEach((name, database) -> {
          if (database.probe()) {
            DatabasePingProbe probe = new DatabasePingProbe(name, database, clock);
            resources.add(probe);
            probes.add(probe);
          }
        });

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    ProbeEngine engine = new ProbeEngine(probes, config.probe(), clock, new ProbeMetrics(registry));

    List<Command> commands = new ArrayList<>();
    commands.add(new HealthCommand(engine, clock));
    config.aureaConfig().ifPresent(aurea -> commands.add(new AureaCommand(engine, aurea, clock)));
    commands.addAll(extraCommands);
    CommandRouter router = CommandRouter.withHelp(commands);

    AdminServer admin = AdminServer.start(config.admin().port(), registry, Version.current());
    engine.startBackground();
    log.info(
        "event=started services={} databases={} admin_port={} version={}",
        config.services().size(),
        config.databases().size(),
        admin.port(),
        Version.current());
    resources.add(() -> http.connectionPool().evictAll());
    return new Opsbot(engine, router, admin, resources);
  }

  public CommandRouter router() {
    return router;
  }

  public ProbeEngine engine() {
    return engine;
  }

  public int adminPort() {
    return admin.port();
  }

  @Override
  public void close() {
    engine.close();
    admin.close();
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("event=close_failed resource={} error=\"{}\"", resource, e.toString());
      }
    }
  }
}
