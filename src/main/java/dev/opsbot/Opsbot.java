package dev.opsbot;

import dev.opsbot.digest.DigestWiring;
import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.access.Role;
import dev.opsbot.admin.AdminServer;
import dev.opsbot.admin.StateDatabaseCheck;
import dev.opsbot.admin.ProbeMetrics;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.AlertResponseCommand;
import dev.opsbot.alert.AlertsCommand;
import dev.opsbot.audit.AuditCommand;
import dev.opsbot.probe.AureaCommand;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.rollback.RollbackCommand;
import dev.opsbot.sql.SqlCommand;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.config.SqlSettings;
import dev.opsbot.config.StateSettings;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.probe.DatabasePingProbe;
import dev.opsbot.state.EmbeddedStateServer;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.sql.QueryLimits;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.rollback.RollbackStore;
import dev.opsbot.sql.SqlGuard;
import dev.opsbot.sql.SqlTarget;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.rollback.OutboxRollbackReporter;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.rollback.DeployProvider;
import dev.opsbot.rollback.Pause;
import dev.opsbot.rollback.RenderProvider;
import dev.opsbot.rollback.RollbackService;
import dev.opsbot.rollback.VercelProvider;
import dev.opsbot.mail.EmailChatSender;
import dev.opsbot.mail.SmtpMailer;
import dev.opsbot.probe.HistoryRecorder;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeListener;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final List<AutoCloseable> resources;

  private Opsbot(
      ProbeEngine engine,
      CommandRouter router,
      AdminServer admin,
      ChatRoutes chatRoutes,
      AlertDesk alerts,
      HistoryRecorder history,
      List<AutoCloseable> resources) {
    this.engine = engine;
    this.history = history;
    this.router = router;
    this.admin = admin;
    this.chatRoutes = chatRoutes;
    this.alerts = alerts;
    this.resources = resources;
  }

  /**
   * Starts everything the configuration describes; {@code extraCommands} join the built-in ones.
   */
  public static Opsbot start(
      Configuration configuration, Clock clock, List<Command> extraCommands) {
    return start(configuration, clock, extraCommands, GroupDirectory.NONE);
  }

  /** As above, with the chat platform's user groups for role grants to groups. */
  public static Opsbot start(
      Configuration configuration,
      Clock clock,
      List<Command> extraCommands,
      GroupDirectory groups) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return start(configuration, clock, extraCommands, groups, resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static Opsbot start(
      Configuration configuration,
      Clock clock,
      List<Command> extraCommands,
      GroupDirectory groups,
      List<AutoCloseable> resources) {
    OpsbotConfig config = configuration.config();
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

    StateDatabase state = stateDatabase(config.state(), resources);
    state
        .ready()
        .ifPresent(reason ->
            log.warn(
                "event=state_database_unavailable reason=\"{}\" note=\"commands that need it answer so; audit rows wait in memory\"",
                reason));
    AuditLog audit = new AuditLog(state, AUDIT_QUEUE);
    resources.add(0, audit);

    OutboxStore outbox = new OutboxStore(state);
    ChatRoutes chatRoutes = new ChatRoutes();
    if (config.smtp().configured()) {
      chatRoutes.route(EmailChatSender.PREFIX, new EmailChatSender(new SmtpMailer(config.smtp())));
    }
    OutboxWorker outboxWorker = new OutboxWorker(outbox, chatRoutes, clock);
    resources.add(0, outboxWorker);
    AlertDesk alerts = alertDesk(configuration, state, outbox, outboxWorker, clock);
    resources.add(0, alerts);

    ProbeHistoryStore history =
        new ProbeHistoryStore(
            state, config.digest().rawRetention(), config.digest().hourlyRetention());
    HistoryRecorder recorder =
        new HistoryRecorder(history, clock, HISTORY_QUEUE, HISTORY_MAINTENANCE).start();
    resources.add(0, recorder);

    ProbeMetrics metrics = new ProbeMetrics(registry);
    ProbeListener alertListener = alerts.listener();
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
    resources.add(0, engine);

    List<Command> commands = new ArrayList<>();
    commands.add(new HealthCommand(engine, clock));
    config.aureaConfig().ifPresent(aurea -> commands.add(new AureaCommand(engine, aurea, clock)));
    config
        .sqlDatabase()
        .ifPresent(name -> commands.add(sqlCommand(configuration, name, resources)));
    commands.add(new AuditCommand(audit, clock));
    commands.add(new AlertsCommand(alerts, clock));
    commands.addAll(AlertResponseCommand.all(alerts));
    DigestWiring digest =
        DigestWiring.start(configuration, state, history, outbox, outboxWorker, clock, resources);
    commands.add(digest.command());
    commands.addAll(extraCommands);
    AccessPolicy access = new AccessPolicy(config.access(), groups, configuration.file());
    if (!config.rollback().services().isEmpty()) {
      RollbackService rollbacks =
          rollbackService(config, http, state, outbox, outboxWorker, engine, audit, access, clock);
      resources.add(0, rollbacks);
      commands.add(new RollbackCommand(rollbacks));
    }
    CommandRouter router = CommandRouter.withHelp(commands, access, audit, clock);

    AdminServer admin =
        AdminServer.start(
            config.admin().port(),
            registry,
            Version.current(),
            List.of(new StateDatabaseCheck(state)));
    resources.add(0, admin);
    alerts.start();
    outboxWorker.start(OUTBOX_PASS);
    engine.startBackground();
    log.info(
        "event=started services={} databases={} admin_port={} version={}",
        config.services().size(),
        config.databases().size(),
        admin.port(),
        Version.current());
    resources.add(() -> http.connectionPool().evictAll());
    return new Opsbot(engine, router, admin, chatRoutes, alerts, recorder, resources);
  }

  private static final int AUDIT_QUEUE = 10_000;
  private static final int HISTORY_QUEUE = 100_000;
  private static final Duration HISTORY_MAINTENANCE = Duration.ofMinutes(5);
  private static final Duration OUTBOX_PASS = Duration.ofSeconds(1);

  /** Alerts from the rules, kept in the state database, posted through the outbox. */
  private static AlertDesk alertDesk(
      Configuration configuration,
      StateDatabase state,
      OutboxStore outbox,
      OutboxWorker worker,
      Clock clock) {
    OpsbotConfig config = configuration.config();
    AlertRules rules = configuration.alertRules();
    Optional<String> email = Optional.empty();
    if (!rules.escalation().email().isEmpty()) {
      if (config.smtp().configured()) {
        email = Optional.of(EmailChatSender.channel(rules.escalation().email()));
      } else if (!rules.rules().isEmpty()) {
        log.warn(
            "event=escalation_email_off note=\"smtp.host is not set: critical escalations are"
                + " posted in their threads only, not emailed to {}\"",
            rules.escalation().email());
      }
    }
    return new AlertDesk(
        rules,
        configuration.runbooks(),
        new AlertStore(state),
        outbox,
        new AlertMessages(
            rules.escalation().mention(),
            rules.escalation().discordMention(),
            ZoneId.systemDefault()),
        email,
        clock,
        AlertDesk.Settings.DEFAULT,
        worker::wake);
  }

  /** /rollback through the providers whose tokens are set; the others answer that they are off. */
  private static RollbackService rollbackService(
      OpsbotConfig config,
      OkHttpClient http,
      StateDatabase state,
      OutboxStore outbox,
      OutboxWorker worker,
      ProbeEngine engine,
      AuditLog audit,
      AccessPolicy access,
      Clock clock) {
    RollbackSettings settings = config.rollback();
    List<DeployProvider> providers = new ArrayList<>();
    if (settings.render().configured()) {
      providers.add(new RenderProvider(settings.render(), http, clock, Pause.SLEEP));
    }
    if (settings.vercel().configured()) {
      providers.add(new VercelProvider(settings.vercel(), http, clock, Pause.SLEEP));
    }
    return new RollbackService(
        settings,
        providers,
        new RollbackStore(state),
        service -> engine.probe(ProbeKey.health(service), true),
        new OutboxRollbackReporter(outbox, worker::wake, clock),
        audit,
        caller -> access.check(caller, Role.ADMIN).allowed(),
        clock,
        Pause.SLEEP);
  }

  /** The configured state database, or an embedded one with its data in a local directory. */
  private static StateDatabase stateDatabase(
      StateSettings settings, List<AutoCloseable> resources) {
    if (!settings.embedded()) {
      StateDatabase state =
          new StateDatabase(
              settings.url(),
              settings.user(),
              settings.password() == null ? null : settings.password().reveal());
      resources.add(state);
      return state;
    }
    Path directory = Path.of(settings.dataDirectory());
    log.warn(
        "event=state_database_embedded data_directory={} note=\"no state.url configured: opsbot"
            + " runs its own PostgreSQL there; set state.url to share state between replicas\"",
        directory.toAbsolutePath());
    EmbeddedStateServer server = EmbeddedStateServer.start(directory);
    resources.add(server);
    StateDatabase state = new StateDatabase(server.jdbcUrl(), "postgres", null);
    resources.add(0, state);
    return state;
  }

  /** /sql over every configured database, each through its own read-only pool. */
  private static SqlCommand sqlCommand(
      Configuration configuration, String defaultDatabase, List<AutoCloseable> resources) {
    OpsbotConfig config = configuration.config();
    SqlSettings sql = config.sql();
    QueryLimits limits =
        new QueryLimits(
            sql.statementTimeout(), sql.lockTimeout(), sql.rowsFetched(), sql.cellWidth());
    Map<String, ReadOnlyQueryRunner> runners = new LinkedHashMap<>();
    config
        .databases()
        .forEach((name, database) -> {
          SqlTarget target = new SqlTarget(name, database);
          resources.add(0, target);
          target
              .roleWarnings()
              .forEach(warning -> log.warn("event=sql_role_unsafe warning=\"{}\"", warning));
          runners.put(name, new ReadOnlyQueryRunner(target.dataSource(), limits));
        });
    return new SqlCommand(
        defaultDatabase, runners, new SqlGuard(), configuration.savedQueries(), sql.rowsShown());
  }

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

  public AlertDesk alerts() {
    return alerts;
  }

  /** Probe history as it is recorded: the demo seeds past days through it. */
  public HistoryRecorder history() {
    return history;
  }

  public int adminPort() {
    return admin.port();
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("event=close_failed resource={} error=\"{}\"", resource, e.toString());
      }
    }
  }
}
