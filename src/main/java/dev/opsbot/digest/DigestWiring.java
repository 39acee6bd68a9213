package dev.opsbot.digest;

import dev.opsbot.config.DigestSettings;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.SqlSettings;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.sql.QueryLimits;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.sql.SavedQueryCatalog;
import dev.opsbot.sql.SqlTarget;
import dev.opsbot.state.StateDatabase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The daily digest assembled from the configuration: builder, publisher, scheduler, /digest. */
public record DigestWiring(DigestCommand command, DigestPublisher publisher) {
  private static final Duration TICK = Duration.ofSeconds(5);
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DigestWiring.class);

  public static DigestWiring start(
      OpsbotConfig config,
      SavedQueryCatalog savedQueries,
      StateDatabase state,
      ProbeHistoryStore history,
      OutboxStore outbox,
      OutboxWorker worker,
      Clock clock,
      Lifecycle lifecycle) {
    DigestSettings settings = config.digest();
    List<DigestBuilder.Target> targets = new ArrayList<>();
    config.services().stream()
        .filter(Objects::nonNull)
        .forEach(s -> targets.add(new DigestBuilder.Target(s.id(), s.name())));
    config
        .databases()
        .forEach((name, database) -> {
          if (database.probe()) {
            targets.add(new DigestBuilder.Target(name, name));
          }
        });
    DigestBuilder builder =
        new DigestBuilder(
            targets,
            config.aureaConfig(),
            new DigestQueries(state, history),
            business(config, savedQueries, lifecycle));
    DigestPublisher publisher =
        new DigestPublisher(
            builder,
            new DigestMessages(
                new DigestChart(
                    DigestChart.Kind.valueOf(settings.chart().toUpperCase(Locale.ROOT)))),
            outbox,
            worker::wake,
            clock);
    List<DigestSchedule> schedules =
        settings.channels().stream()
            .map(c ->
                new DigestSchedule(
                    c.channel(),
                    LocalTime.parse(c.time()),
                    ZoneId.of(c.zone()),
                    c.days().equals("weekdays"),
                    config.smtp().configured() ? c.email() : List.<String>of()))
            .toList();
    settings.channels().stream()
        .filter(c -> !c.email().isEmpty() && !config.smtp().configured())
        .forEach(c ->
            log.warn(
                "event=digest_email_off channel={} note=\"smtp.host is not set: the digest is"
                    + " posted but not emailed to {}\"",
                c.channel(),
                c.email()));
    if (!schedules.isEmpty()) {
      DigestScheduler scheduler =
          new DigestScheduler(
              schedules,
              new DigestRunStore(state),
              publisher,
              clock,
              ManagementFactory.getRuntimeMXBean().getName());
      lifecycle.start("digest scheduler", () -> scheduler.start(TICK), scheduler::close);
    }
    ZoneId zone = schedules.isEmpty() ? ZoneId.systemDefault() : schedules.getFirst().zone();
    return new DigestWiring(new DigestCommand(publisher, zone, clock), publisher);
  }

  /** The figures and tables through their own read-only pool on the /sql database. */
  private static BusinessFigures business(
      OpsbotConfig config, SavedQueryCatalog savedQueries, Lifecycle lifecycle) {
    DigestSettings settings = config.digest();
    if ((settings.figures() == null && settings.tables().isEmpty())
        || config.sqlDatabase().isEmpty()) {
      return BusinessFigures.NONE;
    }
    String name = config.sqlDatabase().get();
    SqlTarget target =
        lifecycle.start(
            "digest sql pool " + name, () -> new SqlTarget(name, config.databases().get(name)));
    SqlSettings sql = config.sql();
    QueryLimits limits =
        new QueryLimits(
            sql.statementTimeout(), sql.lockTimeout(), sql.rowsFetched(), sql.cellWidth());
    return new SavedQueryFigures(
        savedQueries,
        new ReadOnlyQueryRunner(target.dataSource(), limits),
        settings.figures(),
        settings.tables());
  }
}
