package dev.opsbot;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.admin.AdminServer;
import dev.opsbot.admin.ProbeMetrics;
import dev.opsbot.admin.StateDatabaseCheck;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertResponseCommand;
import dev.opsbot.alert.AlertsCommand;
import dev.opsbot.alert.MaintenanceCommand;
import dev.opsbot.alert.PageCommand;
import dev.opsbot.alert.SilenceCommand;
import dev.opsbot.alert.TimelineCommand;
import dev.opsbot.audit.AuditCommand;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.slack.ReplayCheck;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.digest.DigestWiring;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.mail.EmailChatSender;
import dev.opsbot.mail.SmtpMailer;
import dev.opsbot.oncall.OnCallCommand;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideStore;
import dev.opsbot.platform.LogsCommand;
import dev.opsbot.platform.PlatformLogs;
import dev.opsbot.platform.RenderMetricsProbe;
import dev.opsbot.probe.AureaCommand;
import dev.opsbot.probe.DatabasePingProbe;
import dev.opsbot.probe.FreshAllowance;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.probe.HistoryRecorder;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.LocationQuorum;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.probe.ProbeListener;
import dev.opsbot.probe.ProbeLocationStore;
import dev.opsbot.rollback.RestartCommand;
import dev.opsbot.rollback.RollbackCommand;
import dev.opsbot.rollback.RollbackService;
import dev.opsbot.state.SeenOnceStore;
import dev.opsbot.state.StateDatabase;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running opsbot assembled from its configuration: probes, commands, admin endpoint. */
public final class Opsbot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Opsbot.class);

  private final ProbeEngine engine;
  private final CommandRouter router;
  private final AdminServer admin;
  private final ChatRoutes chatRoutes;
  private final AlertDesk alerts;
  private final HistoryRecorder history;
  private final Lifecycle lifecycle;
  private final SeenOnceStore seenOnce;
  private final OnCallRoster onCall;

  private Opsbot(
      ProbeEngine engine,
      CommandRouter router,
      AdminServer admin,
      ChatRoutes chatRoutes,
      AlertDesk alerts,
      HistoryRecorder history,
      Lifecycle lifecycle,
      SeenOnceStore seenOnce,
      OnCallRoster onCall) {
    this.engine = engine;
    this.history = history;
    this.router = router;
    this.admin = admin;
    this.chatRoutes = chatRoutes;
    this.alerts = alerts;
    this.lifecycle = lifecycle;
    this.seenOnce = seenOnce;
    this.onCall = onCall;
  }

  /**
   * Starts everything the configuration describes; {@code extraCommands} join the built-in ones.
   */
  public static Opsbot start(
      Configuration configuration, Clock clock, List<Command> extraCommands) {
    return start(configuration, clock, extraCommands, GroupDirectory.NONE);
  }

  /**
   * As above, with the chat platform's user groups for role grants to groups. If start-up fails,
   * what had started is stopped again, last first.
   */
  public static Opsbot start(
      Configuration configuration,
      Clock clock,
      List<Command> extraCommands,
      GroupDirectory groups) {
    return Lifecycle.startUp(
        lifecycle -> start(configuration, clock, extraCommands, groups, lifecycle));
  }

  private static Opsbot start(
      Configuration configuration,
      Clock clock,
      List<Command> extraCommands,
      GroupDirectory groups,
      Lifecycle lifecycle) {
    OpsbotConfig config = configuration.config();
    OkHttpClient http = new OkHttpClient.Builder().build();
    // Nothing to start; its idle connections are let go once nothing that uses it runs.
    lifecycle.start("http client", () -> {}, http.connectionPool()::evictAll);
    List<Probe> probes = new ArrayList<>();
    for (ServiceConfig service : config.services()) {
      probes.add(HttpProbe.health(service, config.probe(), http, clock));
      service
          .endpoints()
          .forEach((name, endpoint) ->
              probes.add(HttpProbe.endpoint(service, name, endpoint, config.probe(), http, clock)));
    }
    // Render's memory and CPU of each Render service, as the fields of its "platform" endpoint.
    if (config.rollback().render().configured()) {
      config
          .rollback()
          .services()
          .forEach((service, target) -> {
            if ("render".equals(target.provider()) && config.service(service).isPresent()) {
              probes.add(
                  new RenderMetricsProbe(service, target.id(), config.rollback(), http, clock));
            }
          });
    }
    config
        .databases()
        .forEach((name, database) -> {
          if (database.probe()) {
            probes.add(
                lifecycle.start(
                    "database probe " + name, () -> new DatabasePingProbe(name, database, clock)));
          }
        });

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    StateDatabase state = StateWiring.start(config.state(), lifecycle);
    HeartbeatWiring heartbeats = HeartbeatWiring.of(config, state, clock);
    probes.addAll(heartbeats.probes());
    AuditLog audit =
        lifecycle.start(
            "audit log",
            () -> new AuditLog(state, AUDIT_QUEUE, StateWiring.auditSpillFile(config.state())));

    OutboxStore outbox = new OutboxStore(state);
    ChatRoutes chatRoutes = new ChatRoutes();
    if (config.smtp().configured()) {
      chatRoutes.route(EmailChatSender.PREFIX, new EmailChatSender(new SmtpMailer(config.smtp())));
    }
    OutboxWorker outboxWorker =
        lifecycle.start(
            "outbox worker",
            () -> {
              // Who holds an outbox item, as claimed_by shows it: location, process id, and a
              // random part so that a restarted process with a reused pid is another replica.
              String replica =
                  config.probe().location()
                      + "/pid-"
                      + ProcessHandle.current().pid()
                      + "/"
                      + java.util.UUID.randomUUID().toString().substring(0, 8);
              OutboxWorker worker = new OutboxWorker(outbox, chatRoutes, clock, replica);
              worker.start(OUTBOX_PASS);
              return worker;
            });
    OverrideStore overrides = OnCallWiring.overrides(configuration, state);
    OnCallRoster roster = OnCallWiring.roster(configuration, overrides);
    AlertDesk alerts = AlertWiring.desk(configuration, state, outbox, outboxWorker, roster, clock);

    ProbeHistoryStore history =
        new ProbeHistoryStore(
            state, config.digest().rawRetention(), config.digest().hourlyRetention());
    HistoryRecorder recorder =
        lifecycle.start(
            "history recorder",
            () -> new HistoryRecorder(history, clock, HISTORY_QUEUE, HISTORY_MAINTENANCE).start());

    ProbeMetrics metrics = new ProbeMetrics(registry);
    // Alerts hear the quorum's verdict across locations; metrics and history this location's own.
    LocationQuorum quorum =
        new LocationQuorum(new ProbeLocationStore(state), config.probe(), clock, alerts.listener());
    ProbeListener alertListener = quorum;
    ProbeEngine engine =
        new ProbeEngine(
            probes,
            config.probe(),
            clock,
            result -> {
              metrics.onResult(result);
              alertListener.onResult(result);
              recorder.onResult(result);
            });

    AccessPolicy access = new AccessPolicy(config.access(), groups, configuration.file());
    List<Command> commands = new ArrayList<>();
    ThreadReplies replies = new ThreadReplies(outbox, outboxWorker::wake, clock);
    Map<String, HttpHandler> intake =
        IntakeWiring.routes(config.intake(), alerts, state, replies, http, clock, lifecycle);
    FreshAllowance fresh = new FreshAllowance(clock);
    commands.add(
        new HealthCommand(
            engine,
            clock,
            fresh,
            quorum,
            DependencyGraph.of(config),
            () -> AlertWiring.maintenanceNotes(alerts)));
    config
        .aureaConfig()
        .ifPresent(aurea -> commands.add(new AureaCommand(engine, aurea, clock, fresh)));
    config
        .sqlDatabase()
        .ifPresent(
            name -> commands.add(SqlWiring.command(configuration, name, lifecycle, replies)));
    commands.add(new AuditCommand(audit, clock));
    commands.add(new AlertsCommand(alerts, clock));
    List<String> serviceIds = config.services().stream().map(ServiceConfig::id).toList();
    alerts.silences().auditTo(audit);
    commands.add(new SilenceCommand(alerts.silences(), serviceIds, clock));
    commands.add(new MaintenanceCommand(alerts.silences(), serviceIds, clock));
    commands.add(
        new OnCallCommand(roster, overrides, access, audit, config.oncall().file(), clock));
    commands.addAll(AlertResponseCommand.all(alerts));
    commands.add(new PageCommand(alerts));
    commands.add(new TimelineCommand(state, ZoneId.systemDefault(), clock, replies));
    DigestWiring digest =
        DigestWiring.start(
            configuration.config(),
            configuration.savedQueries(),
            state,
            history,
            outbox,
            outboxWorker,
            clock,
            lifecycle);
    commands.add(digest.command());
    commands.addAll(extraCommands);
    if (!config.rollback().services().isEmpty()) {
      RollbackService rollbacks =
          lifecycle.start(
              "rollback service",
              () ->
                  RollbackWiring.service(
                      config.rollback(),
                      http,
                      state,
                      outbox,
                      outboxWorker,
                      engine,
                      audit,
                      access,
                      clock));
      commands.add(new RollbackCommand(rollbacks));
      commands.add(new RestartCommand(rollbacks, replies));
      commands.add(
          new LogsCommand(
              new PlatformLogs(
                  config.rollback(),
                  config.services().stream().map(ServiceConfig::id).toList(),
                  http,
                  clock),
              replies));
    }
    CommandRouter router =
        CommandRouter.withHelp(commands, access, AuditTrail.commands(audit), clock);

    AdminServer admin =
        lifecycle.start(
            "admin server",
            () ->
                AdminServer.start(
                    config.admin().port(),
                    registry,
                    Version.current(),
                    List.of(new StateDatabaseCheck(state)),
                    adminPages(
                        StatusWiring.routes(config, engine, alerts, state, clock),
                        intake,
                        heartbeats.routes())));
    // Last, once the admin port is ours: from here opsbot acts on what it sees. The desk and the
    // engine were built earlier for the commands; they hold no threads until started.
    lifecycle.start("alert desk", alerts::start, alerts::close);
    OnCallWiring.startHandovers(roster, state, alerts, outboxWorker, clock, lifecycle);
    lifecycle.start("probe engine", engine::startBackground, engine::close);
    log.info(
        "event=started services={} databases={} admin_port={} version={}",
        config.services().size(),
        config.databases().size(),
        admin.port(),
        Version.current());
    return new Opsbot(
        engine,
        router,
        admin,
        chatRoutes,
        alerts,
        recorder,
        lifecycle,
        new SeenOnceStore(state, clock),
        roster);
  }

  /** The admin server's pages besides /healthz and /metrics: by path (a context is a prefix). */
  @SafeVarargs
  private static Map<String, HttpHandler> adminPages(Map<String, HttpHandler>... parts) {
    Map<String, HttpHandler> pages = new java.util.LinkedHashMap<>();
    for (Map<String, HttpHandler> part : parts) {
      pages.putAll(part);
    }
    return pages;
  }

  private static final int AUDIT_QUEUE = 10_000;
  private static final int HISTORY_QUEUE = 100_000;
  private static final Duration HISTORY_MAINTENANCE = Duration.ofMinutes(5);
  private static final Duration OUTBOX_PASS = Duration.ofSeconds(1);

  public CommandRouter router() {
    return router;
  }

  public ProbeEngine engine() {
    return engine;
  }

  /** Where messages opsbot posts on its own go: chat platforms register here as they connect. */
  public ChatRoutes chatRoutes() {
    return chatRoutes;
  }

  /** Who is on call: the Slack user group sync, started with Slack, keeps a group in step. */
  public OnCallRoster onCall() {
    return onCall;
  }

  public AlertDesk alerts() {
    return alerts;
  }

  /** Probe history as it is recorded: the demo seeds past days through it. */
  public HistoryRecorder history() {
    return history;
  }

  /** Slack's signed requests are accepted once across every replica sharing the state database. */
  public ReplayCheck replayCheck() {
    return (signature, keepUntil) ->
        seenOnce.firstTimeOrAssumeSo("slack-signature", signature, keepUntil);
  }

  public int adminPort() {
    return admin.port();
  }

  /** Stops everything, the last started first. */
  @Override
  public void close() {
    lifecycle.close();
    log.info("event=stopped");
  }
}
