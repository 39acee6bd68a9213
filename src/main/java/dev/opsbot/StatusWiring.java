package dev.opsbot;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.MaintenanceSchedule;
import dev.opsbot.alert.Silence;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.config.HeartbeatConfig;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.config.StatusPageSettings;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeHistory;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import dev.opsbot.status.Health;
import dev.opsbot.status.HeartbeatNow;
import dev.opsbot.status.MaintenanceWindow;
import dev.opsbot.status.OpenIncident;
import dev.opsbot.status.ServiceNow;
import dev.opsbot.status.StatusHandler;
import dev.opsbot.status.StatusPage;
import dev.opsbot.status.StatusSources;
import dev.opsbot.status.UptimeQueries;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The status page's sources: services from the probe engine, incidents from the alert desk, daily
 * uptime from the recorded probe history, the maintenance windows active now from the alert desk
 * (scheduled ones are not configurable yet), heartbeats from their probes' latest results.
 */
final class StatusWiring {
  private StatusWiring() {}

  /** The page's paths for the admin server, or none when the page is not enabled. */
  static Map<String, HttpHandler> routes(
      OpsbotConfig config, ProbeEngine engine, AlertDesk alerts, StateDatabase state, Clock clock) {
    StatusPageSettings settings = config.statusPage();
    if (!settings.enabled()) {
      return Map.of();
    }
    StatusSources sources =
        new StatusSources(
            () -> services(config, engine),
            () -> incidents(alerts),
            new UptimeQueries(state),
            () -> maintenance(config, alerts, clock),
            () -> heartbeats(config, engine));
    StatusPage page = new StatusPage(settings, sources, clock);
    return new StatusHandler(page, settings.isPublic() ? null : settings.token()).routes();
  }

  /**
   * One row per service of each active maintenance window (none when the state is unreadable), then
   * of the next occurrence of each configured window that has not begun, as visitors expect to see
   * planned work ahead of time.
   */
  private static List<MaintenanceWindow> maintenance(
      OpsbotConfig config, AlertDesk alerts, Clock clock) {
    Map<String, String> names = new java.util.HashMap<>();
    config.services().forEach(service -> names.put(service.id(), service.name()));
    List<MaintenanceWindow> windows = new ArrayList<>();
    try {
      for (Silence window : alerts.silences().activeMaintenance()) {
        String title = window.reason() != null ? window.reason() : "Maintenance";
        for (String service : window.matchers().service().anyOf()) {
          windows.add(
              new MaintenanceWindow(
                  title,
                  names.getOrDefault(service, service),
                  window.startsAt(),
                  window.effectiveEnd()));
        }
      }
    } catch (StateUnavailableException e) {
      windows.clear();
    }
    Instant now = clock.instant();
    for (MaintenanceSchedule schedule : alerts.silences().schedules()) {
      schedule
          .next(now)
          .filter(occurrence -> occurrence.start().isAfter(now))
          .ifPresent(occurrence -> {
            String title = schedule.reason() != null ? schedule.reason() : schedule.name();
            for (String service : schedule.services()) {
              windows.add(
                  new MaintenanceWindow(
                      title,
                      names.getOrDefault(service, service),
                      occurrence.start(),
                      occurrence.end()));
            }
          });
    }
    windows.sort(java.util.Comparator.comparing(MaintenanceWindow::from));
    return windows;
  }

  /** Each heartbeat that is on, from its latest probe result (the page probes nothing itself). */
  private static List<HeartbeatNow> heartbeats(OpsbotConfig config, ProbeEngine engine) {
    List<HeartbeatNow> heartbeats = new ArrayList<>();
    for (HeartbeatConfig heartbeat : config.heartbeats()) {
      ProbeKey key = ProbeKey.heartbeat(heartbeat.id());
      if (!engine.has(key)) {
        continue;
      }
      List<ProbeResult> latest = engine.history(key).recent(1);
      if (latest.isEmpty()) {
        heartbeats.add(
            new HeartbeatNow(heartbeat.id(), heartbeat.name(), Health.UNKNOWN, null, null));
        continue;
      }
      ProbeResult result = latest.get(0);
      heartbeats.add(
          new HeartbeatNow(
              heartbeat.id(),
              heartbeat.name(),
              result.isUp() ? Health.UP : Health.DOWN,
              instant(result, "lastPingAt"),
              instant(result, "expectedBy")));
    }
    return heartbeats;
  }

  private static Instant instant(ProbeResult result, String field) {
    return result.field(field).map(node -> Instant.parse(node.asText())).orElse(null);
  }

  private static List<ServiceNow> services(OpsbotConfig config, ProbeEngine engine) {
    List<ServiceNow> services = new ArrayList<>();
    for (ServiceConfig service : config.services()) {
      services.add(now(engine, ProbeKey.health(service.id()), service.name(), config));
    }
    config
        .databases()
        .forEach((name, database) -> {
          if (database.probe()) {
            services.add(now(engine, ProbeKey.database(name), name, config));
          }
        });
    return services;
  }

  private static ServiceNow now(
      ProbeEngine engine, ProbeKey key, String name, OpsbotConfig config) {
    ProbeHistory history = engine.history(key);
    return ServiceNow.of(
        key.subject(),
        name,
        history.confirmedStatus(),
        history.recent(config.probe().historySize()));
  }

  /** Alerts that have fired; a pending one has not become an incident yet. */
  private static List<OpenIncident> incidents(AlertDesk alerts) {
    List<OpenIncident> incidents = new ArrayList<>();
    for (StoredAlert alert : alerts.openAlerts()) {
      OpenIncident.State state =
          switch (alert.state()) {
            case FIRING -> OpenIncident.State.INVESTIGATING;
            case ACKNOWLEDGED -> OpenIncident.State.ACKNOWLEDGED;
            case SNOOZED -> OpenIncident.State.SNOOZED;
            case PENDING, RESOLVED -> null;
          };
      if (state == null || alert.firedAt() == null) {
        continue;
      }
      Instant updated =
          Stream.of(alert.firedAt(), alert.acknowledgedAt(), alert.escalatedAt())
              .filter(Objects::nonNull)
              .max(Instant::compareTo)
              .orElse(alert.firedAt());
      incidents.add(
          new OpenIncident(
              alert.id(),
              alert.severity().id(),
              alert.service(),
              alert.summary(),
              alert.reason(),
              state,
              alert.firedAt(),
              updated,
              alert.snoozedUntil()));
    }
    return incidents;
  }
}
