package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.Outcome;
import dev.opsbot.command.RefusedException;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.LayerConfig;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.OnCallPerson;
import dev.opsbot.config.PolicyConfig;
import dev.opsbot.config.PolicyStep;
import dev.opsbot.config.ScheduleConfig;
import dev.opsbot.config.Severity;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Golden;
import dev.opsbot.testing.Results;
import dev.opsbot.testing.TestStateDatabase;
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
 * A seeded incident on real PostgreSQL with a clock the test moves: erp goes down, fires after 30
 * s, pages Ana (on call for primary), then the lead ten minutes later; Dana runs /health and
 * /restart, acknowledges, and erp recovers. Its timeline is compared with golden files.
 */
class TimelineIT {
  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0CRIT");
  private static final Duration HOLD = Duration.ofSeconds(30);

  private static final AlertRule SERVICE_DOWN =
      new AlertRule(
          "service-down",
          "{service} is down: {reason}",
          AlertFixtures.statusRule("x", "DOWN", "critical", Duration.ZERO).when(),
          Severity.CRITICAL,
          HOLD,
          Duration.ofMinutes(2),
          null,
          null,
          Duration.ofHours(6),
          null,
          List.of());

  private static final OnCallConfig ON_CALL =
      new OnCallConfig(
          Map.of(
              "ana", new OnCallPerson("Ana", "U0ANA", null, null),
              "lead", new OnCallPerson("Lead", "U0LEAD", null, null)),
          Map.of(
              "primary",
              new ScheduleConfig(
                  "UTC",
                  null,
                  null,
                  List.of(
                      new LayerConfig(
                          "daily",
                          List.of("ana"),
                          "daily",
                          "00:00",
                          "2026-12-01",
                          null,
                          null,
                          null)))),
          Map.of(
              "critical",
              new PolicyConfig(
                  List.of(
                      new PolicyStep(Duration.ZERO, "primary", null, null, null, List.of()),
                      new PolicyStep(Duration.ofMinutes(10), null, "lead", null, null, List.of())),
                  0)));

  private final FakeClock clock = new FakeClock(T0);
  private TestStateDatabase postgres;
  private OutboxWorker worker;
  private AlertDesk desk;
  private AuditLog audit;
  private TimelineCommand timeline;
  private final List<OutboxItem> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(item -> {
      sent.add(item);
      return new SendResult.Sent("m" + sent.size());
    });
    OutboxStore outbox = new OutboxStore(postgres.database());
    worker = new OutboxWorker(outbox, routes, clock);
    AlertRules rules =
        new AlertRules(
            new AlertDefaults(null, null, null, null, Duration.ZERO),
            Map.of("critical", "#ops-critical"),
            List.of(SERVICE_DOWN),
            AlertEscalation.policies(Map.of("critical", "critical")));
    desk =
        new AlertDesk(
            rules,
            Runbooks.in(Path.of("alerts/runbooks")),
            new AlertStore(postgres.database()),
            new OutboxStore(postgres.database()),
            new AlertMessages(ZoneId.of("UTC")),
            new Escalation(
                new EscalationPolicies(rules, ON_CALL.policies()),
                OnCallRoster.of(ON_CALL, OverrideSource.NONE),
                false),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    desk.start();
    audit = new AuditLog(postgres.database(), 100);
    timeline =
        new TimelineCommand(
            postgres.database(),
            ZoneId.of("UTC"),
            clock,
            new ThreadReplies(outbox, () -> {}, clock));
  }

  @AfterEach
  void stop() throws Exception {
    desk.close();
    worker.close();
    audit.close();
    postgres.close();
  }

  private void erp(ProbeStatus status, String reason) {
    desk.listener()
        .onResult(Results.status(ProbeKey.health("erp"), status, null, 5, reason, clock.instant()));
    desk.drain();
  }

  private void later(Duration duration) {
    clock.advance(duration);
    desk.tickNow();
    worker.pass();
  }

  private void command(String line, String detail) {
    audit.record(
        AuditEntry.of(
            clock.instant(),
            DANA,
            AuditKind.COMMAND,
            line,
            Outcome.OK,
            Duration.ofMillis(40),
            detail));
  }

  /** erp down, paged twice, looked at, restarted, acknowledged: returns the alert's id. */
  private long incident() {
    erp(ProbeStatus.DOWN, "connection refused");
    later(HOLD);
    erp(ProbeStatus.DOWN, "connection refused");
    desk.tickNow();
    worker.pass();
    long id = desk.openAlerts().getFirst().id();
    later(Duration.ofMinutes(1));
    command("/health erp", null);
    command("/health backend", null); // another service: not in the timeline
    later(Duration.ofMinutes(9)); // the lead is paged, ten minutes after firing
    command("/restart erp", "plan=7 restart");
    later(Duration.ofMinutes(2));
    command("/ack " + id, "alert=" + id);
    assertThat(desk.acknowledge(id, DANA).changed()).isTrue();
    worker.pass();
    audit.close(Duration.ofSeconds(10)); // written before the timeline reads it
    return id;
  }

  private String markdown(long id) {
    Message answer =
        timeline.execute(
            new CommandRequest(
                "timeline",
                List.of(String.valueOf(id)),
                Set.of(),
                "/timeline " + id,
                String.valueOf(id),
                DANA,
                new AuditNote()));
    return answer.blocks().stream()
        .filter(Block.File.class::isInstance)
        .map(block -> ((Block.File) block).content())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aResolvedIncidentsTimelineListsDetectionStateChangesPagesCommandsAndItsFigures() {
    long id = incident();
    later(Duration.ofMinutes(3));
    erp(ProbeStatus.UP, null);
    clock.advance(Duration.ofMinutes(2));
    erp(ProbeStatus.UP, null);
    worker.pass();

    Golden.assertText(getClass(), "resolved.md", markdown(id));
  }

  @Test
  void anIncidentStillOpenGetsItsTimelineSoFar() {
    long id = incident();
    clock.advance(Duration.ofMinutes(5));

    Golden.assertText(getClass(), "open.md", markdown(id));
  }

  @Test
  void aPageByHandSaysWhoRaisedItAndWhoResolvedIt() {
    assertThat(desk.page("critical", "checkout fails for EU customers", DANA).changed()).isTrue();
    worker.pass();
    long id = desk.openAlerts().getFirst().id();
    later(Duration.ofMinutes(4));
    assertThat(desk.acknowledge(id, DANA).changed()).isTrue();
    later(Duration.ofMinutes(20));
    assertThat(desk.resolve(id, DANA).changed()).isTrue();
    worker.pass();

    Golden.assertText(getClass(), "page-by-hand.md", markdown(id));
  }

  @Test
  void aResolvedAlertsTimelineButtonPostsTheFileInItsThread() {
    long id = incident();
    later(Duration.ofMinutes(3));
    erp(ProbeStatus.UP, null);
    clock.advance(Duration.ofMinutes(2));
    erp(ProbeStatus.UP, null);
    worker.pass();
    OutboxItem resolvedParent =
        sent.reversed().stream()
            .filter(item -> item.kind() == OutboxItem.Kind.UPDATE)
            .findFirst()
            .orElseThrow();
    assertThat(resolvedParent.message().fallbackText()).startsWith("RESOLVED");
    Block.Button button =
        resolvedParent.message().blocks().stream()
            .filter(Block.Buttons.class::isInstance)
            .flatMap(block -> ((Block.Buttons) block).buttons().stream())
            .filter(b -> b.actionId().equals(AlertMessages.TIMELINE))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Timeline button on " + resolvedParent));
    assertThat(button.label()).isEqualTo("Timeline");

    ButtonAction action = timeline.buttonActions().getFirst();
    Message answer = action.onClick(new ButtonClick(button.actionId(), button.value(), DANA));
    worker.pass();

    assertThat(answer.fallbackText())
        .isEqualTo("The timeline of incident " + id + " is posted in its thread.");
    OutboxItem reply = sent.getLast();
    assertThat(reply.kind()).isEqualTo(OutboxItem.Kind.REPLY);
    assertThat(reply.parentKey()).isEqualTo(AlertMessages.parentKey(id));
    assertThat(reply.channel()).isEqualTo("C0CRIT");
    Block.File file =
        reply.message().blocks().stream()
            .filter(Block.File.class::isInstance)
            .map(Block.File.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(file.name()).isEqualTo("incident-" + id + "-timeline.md");
    assertThat(file.content()).isEqualTo(markdown(id));
  }

  @Test
  void anUnknownAlertIsRefusedByName() {
    assertThatThrownBy(() -> markdown(999))
        .isInstanceOf(RefusedException.class)
        .hasMessage("There is no alert 999: /alerts lists the open ones.");
  }
}
