package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.OpsbotConfig;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Maintenance windows read from a configuration file, against a real PostgreSQL and a loopback
 * chat, with a fake clock: they start and end by themselves, at the wall-clock time of their zone
 * across daylight saving time, and overlap with windows started from chat.
 */
class ScheduledMaintenanceIT {
  private static final List<String> FLEET = List.of("backend", "erp");

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T07:00:00Z"));
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
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
          Duration.ofHours(6),
          Duration.ofHours(6),
          List.of());
  private final AlertRules rules =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ofMinutes(2)),
          Map.of("critical", "#ops-critical"),
          List.of(serviceDown),
          new AlertEscalation("<!subteam^S0ONCALL>", List.of()));

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
    desk.silences().auditTo(audit::add);
    desk.start();
  }

  @AfterEach
  void stop() throws Exception {
    desk.close();
    worker.close();
    database.close();
    postgres.close();
  }

  private SendResult record(OutboxItem item) {
    chat.add(item.kind() + " " + new PlainTextRenderer().render(item.message()).strip());
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.POST ? "m" + chat.size() : "m1");
  }

  /** The windows of a main file's maintenance: section, as the wiring hands them to the desk. */
  private void configure(String maintenance) {
    OpsbotConfig config =
        new ConfigLoader(Map.of())
            .parse(
                "opsbot.yaml",
                """
                services:
                  - id: backend
                    baseUrl: https://backend.example
                  - id: erp
                    baseUrl: https://erp.example
                maintenance:
                """
                    + maintenance);
    desk.silences().schedule(config.maintenance().stream().map(MaintenanceSchedule::of).toList());
  }

  private void at(String instant) {
    clock.set(Instant.parse(instant));
    round(List.of("backend"));
    desk.tickNow();
    worker.pass();
  }

  private void round(List<String> down) {
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

  private List<String> lines(String text) {
    return chat.stream().filter(line -> line.contains(text)).toList();
  }

  private List<String> alertPosts() {
    return lines("backend is down: connection refused");
  }

  @Test
  void aConfiguredWeeklyWindowStartsAndEndsByItselfPostedAndAudited() {
    configure(
        """
          - name: sunday-deploy
            services: [backend]
            when: every Sunday 09:00-10:00 Europe/Berlin
            reason: weekly deploy
        """);
    // Sunday 29 November 2026: 09:00 in Berlin is 08:00 UTC.
    at("2026-11-29T07:59:00Z");
    assertThat(lines("Maintenance window")).isEmpty();

    at("2026-11-29T08:00:00Z");
    at("2026-11-29T08:02:00Z"); // backend down long enough to fire: held back
    assertThat(lines("Maintenance window 1 started"))
        .singleElement()
        .asString()
        .contains("backend for 60 min");
    assertThat(lines("Reason: weekly deploy")).hasSize(1);
    assertThat(alertPosts()).isEmpty();

    at("2026-11-29T08:59:00Z");
    assertThat(alertPosts()).isEmpty();
    at("2026-11-29T09:00:00Z");
    at("2026-11-29T09:01:00Z");
    assertThat(lines("Maintenance window 1 ended at 2026-11-29 09:00 UTC")).hasSize(1);
    assertThat(alertPosts())
        .as("still firing at the end: posted then, once")
        .singleElement()
        .asString()
        .startsWith("POST");
    assertThat(audit)
        .extracting(AuditEntry::kind)
        .containsExactly(AuditKind.MAINTENANCE_START, AuditKind.MAINTENANCE_END);
    assertThat(audit.getFirst().action()).contains("backend");
    assertThat(audit.getFirst().detail()).contains("sunday-deploy@2026-11-29T09:00");

    // A week later it starts again on its own.
    at("2026-12-06T08:00:00Z");
    assertThat(lines("Maintenance window 2 started")).as(String.join("\n", chat)).hasSize(1);
  }

  @Test
  void maintenanceListsTheConfiguredWindowsWithTheirNextStart() {
    configure(
        """
          - name: sunday-deploy
            services: [backend, erp]
            when: every Sunday 02:00-03:00 Europe/Berlin
            reason: weekly deploy
        """);
    clock.set(Instant.parse("2026-12-01T12:00:00Z"));

    String list =
        new PlainTextRenderer()
            .render(
                new MaintenanceCommand(desk.silences(), FLEET, clock)
                    .execute(
                        new CommandRequest(
                            "maintenance",
                            List.of(),
                            Set.of(),
                            "/maintenance",
                            "",
                            new Caller("slack", "U1", "dana", "C0CRIT"),
                            new AuditNote())));

    assertThat(list)
        .contains("No active maintenance windows.")
        .contains("Scheduled in the configuration:")
        .containsPattern(
            "sunday-deploy +backend, erp +every Sunday 02:00-03:00 Europe/Berlin +in 4 d"
                + " \\(2026-12-06 01:00 UTC\\) +weekly deploy");
  }

  @Test
  void onTheNightTheClocksGoBackTheWindowKeepsItsWallClockTimesAndLastsTwoHours() {
    configure(
        """
          - name: night
            services: [backend]
            when: every Sunday 02:00-03:00 Europe/Berlin
        """);
    // 25 October 2026: 02:00 CEST is 00:00 UTC; 03:00 CET (after the change) is 02:00 UTC.
    at("2026-10-24T23:59:00Z");
    assertThat(lines("started")).isEmpty();
    at("2026-10-25T00:00:00Z");
    assertThat(lines("Maintenance window 1 started")).singleElement().asString().contains("2 h");
    at("2026-10-25T01:59:00Z");
    assertThat(lines("ended")).isEmpty();
    assertThat(alertPosts()).isEmpty();
    at("2026-10-25T02:00:00Z");
    assertThat(lines("Maintenance window 1 ended at 2026-10-25 02:00 UTC")).hasSize(1);
    assertThat(alertPosts()).hasSize(1);
  }

  @Test
  void onTheNightTheClocksGoForwardTheMissingHourHasNoWindowAndTheNextWeekIsInSummerTime() {
    configure(
        """
          - name: night
            services: [backend]
            when: every Sunday 02:00-03:00 Europe/Berlin
        """);
    // 29 March 2026: 02:00 CET becomes 03:00 CEST, so 02:00-03:00 local does not happen.
    for (String instant :
        List.of("2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z")) {
      at(instant);
    }
    assertThat(lines("Maintenance window")).isEmpty();
    assertThat(alertPosts()).as("no window: the alert is posted as usual").hasSize(1);

    // 5 April: 02:00 CEST is 00:00 UTC.
    at("2026-04-04T23:59:00Z");
    assertThat(lines("Maintenance window")).isEmpty();
    at("2026-04-05T00:00:00Z");
    assertThat(lines("Maintenance window 1 started")).singleElement().asString().contains("60 min");
    at("2026-04-05T01:00:00Z");
    assertThat(lines("Maintenance window 1 ended at 2026-04-05 01:00 UTC")).hasSize(1);
  }

  @Test
  void aConfiguredWindowAndOneFromChatOverlappingReleaseTheAlertOnceAtTheLastEnd() {
    configure(
        """
          - name: sunday-deploy
            services: [backend, erp]
            when: every Sunday 08:00-09:00 UTC
        """);
    at("2026-11-29T08:00:00Z");
    at("2026-11-29T08:02:00Z");
    // Someone extends it from chat: 90 minutes from 08:10, until 09:40.
    clock.set(Instant.parse("2026-11-29T08:10:00Z"));
    new MaintenanceCommand(desk.silences(), FLEET, clock)
        .execute(
            new CommandRequest(
                "maintenance",
                List.of(),
                Set.of(),
                "/maintenance backend 90m overrun",
                "backend 90m overrun",
                new Caller("slack", "U1", "dana", "C0CRIT"),
                new AuditNote()));
    worker.pass();

    at("2026-11-29T09:00:00Z");
    at("2026-11-29T09:01:00Z");
    assertThat(lines("Maintenance window 1 ended")).hasSize(1);
    assertThat(alertPosts()).as("the window from chat still holds it").isEmpty();

    at("2026-11-29T09:40:00Z");
    at("2026-11-29T09:41:00Z");
    at("2026-11-29T09:50:00Z");
    assertThat(lines("Maintenance window 2 ended")).as(String.join("\n", chat)).hasSize(1);
    assertThat(alertPosts()).singleElement().asString().startsWith("POST");
    assertThat(audit)
        .extracting(AuditEntry::kind)
        .containsExactly(
            AuditKind.MAINTENANCE_START,
            AuditKind.MAINTENANCE_START,
            AuditKind.MAINTENANCE_END,
            AuditKind.MAINTENANCE_END);
  }
}
