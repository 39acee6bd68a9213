package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Severity;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Results;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Silences and maintenance windows against a real PostgreSQL and a loopback chat, with a fake
 * clock: what the alert channel shows while a window holds alerts back, and when it ends.
 */
class SilenceIT {
  private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
  private static final List<String> FLEET = List.of("backend", "erp", "mrg");
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0CRIT");

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
  private final List<AlertDesk> desks = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private StateDatabase database;
  private OutboxWorker worker;
  private AlertDesk desk;

  private final AlertRule serviceDown =
      new AlertRule(
          "service-down",
          "{service} is down: {reason}",
          AlertFixtures.statusRule("x", "DOWN", "critical", Duration.ZERO).when(),
          Severity.CRITICAL,
          Duration.ofSeconds(90),
          Duration.ofMinutes(2),
          null,
          "service-not-responding",
          Duration.ofMinutes(30),
          Duration.ofMinutes(10),
          List.of());
  private final AlertRules rules =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ofMinutes(2)),
          Map.of("critical", "#ops-critical"),
          List.of(serviceDown),
          new AlertEscalation("<!subteam^S0ONCALL>", List.of()));

  @BeforeEach
  void start() {
    postgres = startPostgres();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(this::record);
    worker = new OutboxWorker(new OutboxStore(database), routes, clock);
    desk = newDesk();
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private AlertDesk newDesk() {
    AlertDesk created =
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
    created.silences().auditTo(audit::add);
    created.start();
    desks.add(created);
    return created;
  }

  private SendResult record(OutboxItem item) {
    String text = new PlainTextRenderer().render(item.message());
    String ref = "m" + (chat.size() + 1);
    chat.add(
        item.kind()
            + " "
            + (item.parentRef() == null ? "" : item.parentRef() + " ")
            + text.strip());
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.POST ? ref : item.parentRef());
  }

  @AfterEach
  void stop() throws Exception {
    for (AlertDesk each : desks) {
      each.close();
    }
    worker.close();
    database.close();
    postgres.close();
  }

  private void round(List<String> down) {
    round(desk, down);
  }

  private void round(AlertDesk desk, List<String> down) {
    for (String service : FLEET) {
      desk.listener()
          .onResult(
              down.contains(service)
                  ? Results.status(
                      ProbeKey.health(service),
                      ProbeStatus.DOWN,
                      null,
                      5,
                      "connection refused",
                      clock.instant())
                  : Results.up(ProbeKey.health(service), 40, "1.0", clock.instant()));
    }
    desk.drain();
    worker.pass();
  }

  /** Down for longer than holdFor: the alert fires. */
  private void downUntilFired(String service) {
    round(List.of(service));
    clock.advance(Duration.ofSeconds(91));
    round(List.of(service));
  }

  private void tick(AlertDesk which) {
    which.tickNow();
    worker.pass();
  }

  private String command(String name, String arguments) {
    CommandRequest request =
        new CommandRequest(
            name,
            List.of(),
            Set.of(),
            "/" + name + " " + arguments,
            arguments,
            DANA,
            new AuditNote());
    Message reply =
        name.equals("silence")
            ? new SilenceCommand(desk.silences(), FLEET, clock).execute(request)
            : new MaintenanceCommand(desk.silences(), FLEET, clock).execute(request);
    worker.pass();
    return new PlainTextRenderer().render(reply);
  }

  private List<String> alertPosts() {
    return chat.stream().filter(line -> line.contains("is down: connection refused")).toList();
  }

  private List<String> posts() {
    return chat.stream().filter(line -> line.startsWith("POST ")).toList();
  }

  @Test
  void aSilencedAlertIsStoredAndEvaluatedButNotPosted() {
    String reply = command("silence", "service=backend severity=critical 2h deploy");
    assertThat(reply).contains("Started silence 1: service=backend severity=critical");
    assertThat(posts())
        .singleElement()
        .asString()
        .contains("Silence 1 started: service=backend severity=critical for 2 h")
        .contains("Reason: deploy");

    downUntilFired("backend");
    tick(desk);

    assertThat(alertPosts()).as("nothing about backend in the channel").isEmpty();
    StoredAlert stored = desk.openAlerts().getFirst();
    assertThat(stored.service()).isEqualTo("backend");
    assertThat(stored.state()).isEqualTo(StoredAlertState.FIRING);
    assertThat(new AlertStore(database).transitions(stored.id()))
        .extracting(AlertTransition::to)
        .containsExactly(StoredAlertState.PENDING, StoredAlertState.FIRING);
    assertThat(alertsTable())
        .contains("1 open alert, 0 firing unacknowledged")
        .contains("firing (silenced)");
  }

  private String alertsTable() {
    return new PlainTextRenderer()
        .render(
            new AlertsCommand(desk, clock)
                .execute(
                    new CommandRequest(
                        "alerts", List.of(), Set.of(), "/alerts", "", DANA, new AuditNote())));
  }

  @Test
  void anotherServiceIsPostedAsUsualDuringTheSilence() {
    command("silence", "service=backend 2h");
    downUntilFired("erp");
    assertThat(alertPosts()).singleElement().asString().contains("erp is down");
  }

  @Test
  void anAlertStillFiringWhenTheSilenceRunsOutIsPostedThenOnceAcrossReplicas() {
    command("silence", "service=backend 1h");
    downUntilFired("backend");
    AlertDesk replica = newDesk();

    clock.advance(Duration.ofMinutes(57));
    round(List.of("backend"));
    tick(desk);
    tick(replica);
    assertThat(alertPosts()).isEmpty();

    clock.advance(Duration.ofMinutes(2));
    tick(desk);
    tick(replica);
    tick(desk);
    tick(replica);

    assertThat(chat.stream().filter(line -> line.contains("Silence 1 ended")))
        .singleElement()
        .asString()
        .contains("Silence 1 ended at 2026-11-29 09:00 UTC: service=backend");
    assertThat(alertPosts())
        .singleElement()
        .asString()
        .startsWith("POST")
        .contains("CRITICAL: backend is down: connection refused");
    assertThat(audit)
        .extracting(AuditEntry::kind)
        .containsExactly(AuditKind.SILENCE_START, AuditKind.SILENCE_END);

    // The replica that did not post it resolves it: the resolution is posted in its thread.
    round(replica, List.of());
    clock.advance(Duration.ofMinutes(3));
    round(replica, List.of());
    assertThat(new AlertStore(database).find(1).orElseThrow().state())
        .isEqualTo(StoredAlertState.RESOLVED);
    assertThat(chat.stream().filter(line -> line.startsWith("REPLY m") && line.contains("esolved")))
        .hasSize(1);
  }

  @Test
  void anAlertResolvedDuringTheWindowIsNeverPosted() {
    command("maintenance", "backend 1h migration");
    downUntilFired("backend");
    round(List.of());
    clock.advance(Duration.ofMinutes(3));
    round(List.of());
    clock.advance(Duration.ofHours(1));
    tick(desk);

    assertThat(alertPosts()).isEmpty();
    assertThat(chat.stream().filter(line -> line.contains("Maintenance window 1 ended")))
        .hasSize(1);
  }

  @Test
  void overlappingWindowsHoldTheAlertUntilTheLastOneEnds() {
    command("maintenance", "backend erp 1h");
    command("silence", "service=~\"back.*\" 2h");
    downUntilFired("backend");

    clock.advance(Duration.ofHours(1));
    tick(desk);
    assertThat(chat.stream().filter(line -> line.contains("Maintenance window 1 ended")))
        .hasSize(1);
    assertThat(alertPosts()).as("the silence still holds it").isEmpty();

    clock.advance(Duration.ofHours(1));
    tick(desk);
    assertThat(alertPosts()).singleElement().asString().contains("backend is down");
  }

  @Test
  void endingASilenceByHandPostsItsEndAndTheAlertItHeld() {
    command("silence", "rule=service-down 2h");
    downUntilFired("mrg");
    clock.advance(Duration.ofMinutes(5));

    String reply = command("silence", "end 1");
    tick(desk);

    assertThat(reply).contains("Ended silence 1: rule=service-down");
    assertThat(chat.stream().filter(line -> line.contains("Silence 1 ended early by dana")))
        .hasSize(1);
    assertThat(alertPosts()).singleElement().asString().contains("mrg is down");
    assertThatThrownBy(() -> command("silence", "end 1"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("Silence 1 is over already");
    assertThatThrownBy(() -> command("silence", "end 7"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("There is no silence 7");
  }

  @Test
  void aSilenceStartedOnAFiringAlertHoldsItsEscalationPage() {
    downUntilFired("erp");
    assertThat(alertPosts()).hasSize(1);
    command("maintenance", "erp 30m");

    clock.advance(Duration.ofMinutes(11));
    tick(desk);
    assertThat(chat.stream().filter(line -> line.contains("Paged"))).isEmpty();

    clock.advance(Duration.ofMinutes(20));
    tick(desk);
    tick(desk);
    assertThat(chat.stream().filter(line -> line.contains("Paged <!subteam^S0ONCALL>"))).hasSize(1);
  }

  @Test
  void aSilenceMatchingNothingIsAcceptedWithAWarning() {
    String reply = command("silence", "service=nosuch 1h");

    assertThat(reply).contains("Started silence 1").contains("Warning: it matches no alert rule");
    assertThat(command("silence", "")).contains("1 active silence").contains("service=nosuch");
    assertThat(audit)
        .singleElement()
        .extracting(AuditEntry::kind)
        .isEqualTo(AuditKind.SILENCE_START);
  }

  @Test
  void badInputIsRefusedWithNothingStoredOrPosted() {
    List<String> refused =
        List.of(
            "service=backend 8d",
            "service=backend 0m",
            "service=backend",
            "service=backend soon",
            "colour=red 1h",
            "service=backend service=erp 1h",
            "service=~( 1h",
            "service=back\\end 1h",
            "service= 1h",
            "2h",
            "end x");
    for (String arguments : refused) {
      assertThatThrownBy(() -> command("silence", arguments))
          .as(arguments)
          .isInstanceOf(UsageException.class);
    }
    for (String arguments : List.of("1h", "backend", "backend 9d", "back;end 1h")) {
      assertThatThrownBy(() -> command("maintenance", arguments))
          .as(arguments)
          .isInstanceOf(UsageException.class);
    }

    assertThat(command("silence", "")).contains("No active silences");
    assertThat(command("maintenance", "")).contains("No active maintenance windows");
    assertThat(chat).isEmpty();
    assertThat(audit).isEmpty();
  }

  @Test
  void aScheduledWindowStartsOnceAcrossReplicasHoldsItsServiceAndEndsByItself() {
    // T0 is Sunday 2026-11-29 08:00 UTC.
    List<MaintenanceSchedule> schedules =
        List.of(
            MaintenanceSchedule.parse(
                "weekly-deploy", List.of("backend"), "every Sunday 08:00-09:00 Europe/London"));
    AlertDesk replica = newDesk();
    desk.silences().schedule(schedules);
    replica.silences().schedule(schedules);

    tick(desk);
    tick(replica);
    downUntilFired("backend");
    tick(replica);

    assertThat(chat.stream().filter(line -> line.contains("Maintenance window 1 started")))
        .singleElement()
        .asString()
        .contains("backend for 60 min");
    assertThat(alertPosts()).isEmpty();

    clock.advance(Duration.ofHours(1));
    tick(replica);
    tick(desk);
    assertThat(chat.stream().filter(line -> line.contains("Maintenance window 1 ended at")))
        .hasSize(1);
    assertThat(alertPosts()).singleElement().asString().contains("backend is down");
    assertThat(audit)
        .extracting(AuditEntry::kind)
        .containsExactly(AuditKind.MAINTENANCE_START, AuditKind.MAINTENANCE_END);
  }
}
