package dev.opsbot;

import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.alert.Escalation;
import dev.opsbot.alert.EscalationPolicies;
import dev.opsbot.alert.MaintenanceSchedule;
import dev.opsbot.alert.Silence;
import dev.opsbot.alert.SilenceDesk;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The alert desk assembled from the rules: kept in the state database, posted via the outbox. */
final class AlertWiring {
  // Logged as Opsbot, like the rest of start-up.
  private static final Logger log = LoggerFactory.getLogger(Opsbot.class);

  private AlertWiring() {}

  /** The desk, built but not started: it holds no threads until then. */
  static AlertDesk desk(
      Configuration configuration,
      StateDatabase state,
      OutboxStore outbox,
      OutboxWorker worker,
      OnCallRoster roster,
      Clock clock) {
    OpsbotConfig config = configuration.config();
    AlertRules rules = configuration.alertRules();
    boolean email = config.smtp().configured();
    if (!email && !rules.rules().isEmpty()) {
      log.warn(
          "event=escalation_email_off note=\"smtp.host is not set: escalation pages are posted in"
              + " their threads only, not emailed\"");
    }
    AlertDesk desk =
        new AlertDesk(
            rules,
            configuration.runbooks(),
            new AlertStore(state),
            outbox,
            new AlertMessages(ZoneId.systemDefault()),
            new Escalation(
                new EscalationPolicies(rules, configuration.onCall().policies()), roster, email),
            DependencyGraph.of(config),
            clock,
            AlertDesk.Settings.DEFAULT,
            worker::wake);
    desk.silences().schedule(config.maintenance().stream().map(MaintenanceSchedule::of).toList());
    return desk;
  }

  /**
   * For /health: each service in a maintenance window now, "in maintenance until 2026-12-05 05:06
   * UTC (window 3: deploy)"; none when the state database cannot be read.
   */
  static Map<String, String> maintenanceNotes(AlertDesk desk) {
    Map<String, String> notes = new LinkedHashMap<>();
    try {
      for (Silence window : desk.silences().activeMaintenance()) {
        String note =
            "in maintenance until "
                + SilenceDesk.shown(window.effectiveEnd())
                + " (window "
                + window.id()
                + (window.reason() == null ? "" : ": " + window.reason())
                + "); its alerts are held";
        window.matchers().service().anyOf().forEach(service -> notes.putIfAbsent(service, note));
      }
    } catch (StateUnavailableException e) {
      return Map.of();
    }
    return notes;
  }
}
