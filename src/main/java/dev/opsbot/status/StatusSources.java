package dev.opsbot.status;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Where the page's facts come from; the wiring implements each from the probe engine, the alert
 * desk and the recorded probe history, so this package needs neither the engine nor the desk.
 */
public record StatusSources(
    Services services,
    Incidents incidents,
    Uptime uptime,
    Maintenance maintenance,
    Heartbeats heartbeats) {

  /** Without heartbeat monitors. */
  public StatusSources(
      Services services, Incidents incidents, Uptime uptime, Maintenance maintenance) {
    this(services, incidents, uptime, maintenance, Heartbeats.NONE);
  }

  /** The heartbeat monitors that are on, in the configuration's order. */
  @FunctionalInterface
  public interface Heartbeats {
    List<HeartbeatNow> now();

    Heartbeats NONE = List::of;
  }

  /** Every service and probed database, in the configuration's order. */
  @FunctionalInterface
  public interface Services {
    List<ServiceNow> now();
  }

  /** The open alerts that have fired (pending ones are not incidents yet). */
  @FunctionalInterface
  public interface Incidents {
    List<OpenIncident> open();

    Incidents NONE = List::of;
  }

  /** Daily counts per target id, for the UTC days {@code from} to {@code to}, both included. */
  @FunctionalInterface
  public interface Uptime {
    Map<String, List<DayUptime>> daily(LocalDate from, LocalDate to);
  }

  /**
   * Current maintenance windows (started by hand or by the configuration) and the next occurrence
   * of each configured one, by start.
   */
  @FunctionalInterface
  public interface Maintenance {
    List<MaintenanceWindow> windows();

    Maintenance NONE = List::of;
  }
}
