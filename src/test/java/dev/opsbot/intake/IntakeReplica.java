package dev.opsbot.intake;

import dev.opsbot.admin.AdminServer;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.alert.Escalation;
import dev.opsbot.alert.EscalationPolicies;
import dev.opsbot.alert.Runbooks;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.state.StateDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One replica as the tests run it: an alert desk on the shared state database, the intake, and the
 * admin server with the intake's paths on a loopback port.
 */
final class IntakeReplica implements AutoCloseable {
  static final AlertRules RULES =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ofMinutes(2)),
          Map.of("critical", "#ops-critical", "warning", "#ops-alerts"),
          List.of());

  final AlertDesk desk;
  final Intake intake;
  final AdminServer admin;

  IntakeReplica(
      StateDatabase state, IntakeSettings settings, SourceSilencer silencer, Clock clock) {
    OutboxStore outbox = new OutboxStore(state);
    OnCallConfig onCall = new OnCallConfig(Map.of(), Map.of(), Map.of());
    desk =
        new AlertDesk(
            RULES,
            Runbooks.in(Path.of("alerts/runbooks")),
            new AlertStore(state),
            outbox,
            new AlertMessages(ZoneId.of("UTC")),
            new Escalation(
                new EscalationPolicies(RULES, onCall.policies()),
                OnCallRoster.of(onCall, OverrideSource.NONE),
                false),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    intake =
        new Intake(
            settings,
            desk,
            state,
            silencer,
            new ThreadReplies(outbox, () -> {}, clock),
            clock,
            Runnable::run,
            Duration.ofSeconds(1));
    desk.start();
    admin =
        AdminServer.start(
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            "test",
            List.of(),
            intake.routes());
  }

  String url(String path) {
    return "http://127.0.0.1:" + admin.port() + path;
  }

  @Override
  public void close() {
    admin.close();
    intake.close();
    desk.close();
  }
}
