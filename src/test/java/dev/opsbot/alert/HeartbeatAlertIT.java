package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.config.AlertCondition;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Secret;
import dev.opsbot.config.Severity;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.heartbeat.Expectation;
import dev.opsbot.heartbeat.Heartbeat;
import dev.opsbot.heartbeat.HeartbeatProbe;
import dev.opsbot.heartbeat.HeartbeatStore;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat monitor as a probe feeding the alert desk, on a real PostgreSQL with a fake clock:
 * the shipped rule heartbeat-missed fires once the period and grace have passed without a ping, in
 * a thread like any alert, and resolves after the next ping.
 */
class HeartbeatAlertIT {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Heartbeat SCHEDULER =
      new Heartbeat(
          "scheduler",
          "AI Agents scheduler",
          Secret.of("scheduler-token-0123456789"),
          new Expectation.Every(Duration.ofMinutes(5), Duration.ofMinutes(2)));

  /** As alerts/rules.yaml ships it. */
  private final AlertRule heartbeatMissed =
      new AlertRule(
          "heartbeat-missed",
          "{service} missed its heartbeat: {reason}",
          new AlertCondition(null, null, null, null, null, null, AlertCondition.MISSED),
          Severity.CRITICAL,
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          null,
          "heartbeat-missed",
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          List.of());

  private final AlertRules rules =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ofMinutes(2)),
          Map.of("critical", "#ops-critical"),
          List.of(heartbeatMissed),
          new AlertEscalation("<!subteam^S0ONCALL>", List.of()));

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private EmbeddedPostgres postgres;
  private StateDatabase database;
  private OutboxWorker worker;
  private AlertDesk desk;
  private HeartbeatStore store;
  private HeartbeatProbe probe;

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(this::record);
    worker = new OutboxWorker(new OutboxStore(database), routes, clock);
    desk =
        new AlertDesk(
            rules,
            Runbooks.in(Path.of("alerts/runbooks")),
            new AlertStore(database),
            new OutboxStore(database),
            new AlertMessages(ZoneId.of("UTC")),
            AlertFixtures.singlePage(rules),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    desk.start();
    store = new HeartbeatStore(database);
    probe = new HeartbeatProbe(SCHEDULER, store, clock);
  }

  @AfterEach
  void stop() throws Exception {
    desk.close();
    worker.close();
    database.close();
    postgres.close();
  }

  private SendResult record(OutboxItem item) {
    String text = new PlainTextRenderer().render(item.message());
    chat.add(item.kind() + " " + text.strip());
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.POST ? "m" + chat.size() : "m1");
  }

  /** One probe round, as the engine runs it every 30 s. */
  private void round() {
    desk.listener().onResult(probe.run());
    desk.drain();
    worker.pass();
  }

  private void roundsFor(Duration duration) {
    Instant until = clock.instant().plus(duration);
    while (clock.instant().isBefore(until)) {
      clock.advance(Duration.ofSeconds(30));
      round();
    }
  }

  @Test
  void aMissedPeriodFiresTheAlertAndTheNextPingResolvesIt() {
    store.ping("scheduler", true, clock.instant());
    round();
    roundsFor(Duration.ofMinutes(7));
    assertThat(chat).as("on time for period and grace: nothing to say").isEmpty();

    roundsFor(Duration.ofMinutes(1));

    assertThat(desk.openAlerts())
        .singleElement()
        .satisfies(alert -> {
          assertThat(alert.service()).isEqualTo("scheduler");
          assertThat(alert.state()).isEqualTo(StoredAlertState.FIRING);
        });
    assertThat(chat)
        .first()
        .asString()
        .startsWith("POST")
        .contains("scheduler missed its heartbeat: no ping since 10:00, expected by 10:05 UTC")
        .contains("Runbook (heartbeat-missed):")
        .contains("stuck scheduler loop");

    store.ping("scheduler", true, clock.instant());
    roundsFor(Duration.ofMinutes(2));

    assertThat(desk.openAlerts()).isEmpty();
    assertThat(String.join("\n", chat)).containsIgnoringCase("resolved");
  }
}
