package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DependencyGraph;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dependencies against a real PostgreSQL, with a fake clock and the chat as the channel shows it:
 * one outage of the fleet's database makes one page, its dependents listed in its thread.
 */
class DependencyFoldingIT {
  private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
  private static final List<String> SERVICES =
      List.of("ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
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
  // No grouping by time: what shares a thread here is what depends on what.
  private final AlertRules rules =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ZERO),
          Map.of("critical", "#ops-critical"),
          List.of(serviceDown),
          new AlertEscalation("<!subteam^S0ONCALL>", List.of()));

  /** FLEET.md's data flow, as config/opsbot.yaml declares it. */
  private static DependencyGraph fleet() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    edges.put("ai-agents", List.of("mcp-bridge", "supabase"));
    edges.put("backend", List.of("ai-agents", "supabase"));
    edges.put("mcp-bridge", List.of("supabase"));
    edges.put("erp", List.of("backend", "supabase"));
    edges.put("mrg", List.of("backend", "supabase"));
    edges.put("command-center", List.of("backend", "supabase"));
    return DependencyGraph.of(edges);
  }

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
            fleet(),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    desk.start();
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
    desk.close();
    worker.close();
    database.close();
    postgres.close();
  }

  /** One probe round: the database first, then the services; the named ones down. */
  private void round(List<String> down) {
    round(down, true);
  }

  private void round(List<String> down, boolean databaseFirst) {
    if (databaseFirst) {
      database(down);
    }
    for (String service : databaseFirst ? SERVICES : SERVICES.reversed()) {
      desk.listener()
          .onResult(
              down.contains(service)
                  ? Results.status(
                      ProbeKey.health(service),
                      ProbeStatus.DOWN,
                      503,
                      5,
                      "HTTP 503",
                      clock.instant())
                  : Results.up(ProbeKey.health(service), 40, "1.0", clock.instant()));
    }
    if (!databaseFirst) {
      database(down);
    }
    desk.drain();
    worker.pass();
  }

  private void database(List<String> down) {
    desk.listener()
        .onResult(
            down.contains("supabase")
                ? Results.status(
                    ProbeKey.database("supabase"),
                    ProbeStatus.DOWN,
                    null,
                    5,
                    "connection refused",
                    clock.instant())
                : Results.up(ProbeKey.database("supabase"), 3, null, clock.instant()));
  }

  private void tick() {
    desk.tickNow();
    worker.pass();
  }

  private List<String> lines(String prefix) {
    return chat.stream().filter(line -> line.startsWith(prefix)).toList();
  }

  private static final List<String> EVERYTHING =
      List.of("supabase", "ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");

  @Test
  void theDatabaseDownMakesOnePageForTheFleetWithItsDependentsListedInItsThread() {
    round(EVERYTHING);
    clock.advance(Duration.ofSeconds(91));
    round(EVERYTHING);
    tick();

    assertThat(lines("POST "))
        .singleElement()
        .asString()
        .contains("CRITICAL: supabase is down: connection refused");
    assertThat(lines("REPLY m1 Also affected"))
        .singleElement()
        .asString()
        .startsWith("REPLY m1 Also affected (depends on supabase, not paged on their own): ")
        .contains("ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");
    String alerts =
        new PlainTextRenderer()
            .render(
                new AlertsCommand(desk, clock)
                    .execute(
                        new CommandRequest(
                            "alerts",
                            List.of(),
                            Set.of(),
                            "/alerts",
                            "",
                            new Caller("slack", "U1", "dana", "C1"),
                            new AuditNote())));
    long root =
        desk.openAlerts().stream()
            .filter(a -> a.service().equals("supabase"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(alerts)
        .as("/alerts: one firing on its own, six folded into it")
        .contains("7 open alerts, 1 firing unacknowledged");
    assertThat(alerts.split("folded into #" + root + "\\)", -1)).hasSize(7);

    clock.advance(Duration.ofMinutes(10));
    tick();
    clock.advance(Duration.ofMinutes(10));
    tick();

    assertThat(lines("REPLY").stream().filter(line -> line.contains("Paged <!subteam^S0ONCALL>")))
        .as("the escalation pages for the database only")
        .singleElement()
        .asString()
        .startsWith("REPLY m1 Paged");
    assertThat(lines("POST ")).hasSize(1);
  }

  @Test
  void resultsArrivingDependentsFirstStillMakeOnePage() {
    round(EVERYTHING, false);
    clock.advance(Duration.ofSeconds(91));
    round(EVERYTHING, false);
    tick();

    assertThat(lines("POST "))
        .singleElement()
        .asString()
        .contains("CRITICAL: supabase is down: connection refused");
    assertThat(lines("REPLY m1 Also affected"))
        .singleElement()
        .asString()
        .startsWith("REPLY m1 Also affected (depends on supabase, not paged on their own): ")
        .contains("erp", "mrg", "command-center", "backend", "ai-agents", "mcp-bridge");

    clock.advance(Duration.ofMinutes(20));
    tick();
    assertThat(lines("REPLY").stream().filter(line -> line.contains("Paged <!subteam^S0ONCALL>")))
        .singleElement()
        .asString()
        .startsWith("REPLY m1 Paged");
  }

  @Test
  void whenTheBackendRecoversWhileErpStaysDownErpPagesOnItsOwnOnce() {
    round(List.of("backend", "erp"));
    clock.advance(Duration.ofSeconds(91));
    round(List.of("backend", "erp"));
    tick();
    assertThat(lines("POST ")).singleElement().asString().contains("backend is down");
    assertThat(lines("REPLY m1 Also affected")).singleElement().asString().endsWith(": erp");

    round(List.of("erp"));
    clock.advance(Duration.ofMinutes(2));
    round(List.of("erp"));
    tick();
    tick();
    clock.advance(Duration.ofMinutes(9));
    tick();
    assertThat(lines("REPLY").stream().filter(line -> line.contains("Paged"))).isEmpty();

    assertThat(lines("POST ")).as("erp's own parent, posted once").hasSize(2);
    assertThat(lines("POST ").get(1)).contains("CRITICAL: erp is down: HTTP 503");
    assertThat(chat)
        .contains(
            "REPLY m1 backend recovered but erp is still down: it alerts on its own (alert 2).");

    clock.advance(Duration.ofMinutes(1));
    tick();
    assertThat(lines("REPLY").stream().filter(line -> line.contains("Paged <!subteam^S0ONCALL>")))
        .as("erp pages in its own thread, 10 min after it got one")
        .singleElement()
        .asString()
        .startsWith("REPLY m6 Paged <!subteam^S0ONCALL>");
  }
}
