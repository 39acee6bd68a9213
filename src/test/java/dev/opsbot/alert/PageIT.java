package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.RefusedException;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertEscalation;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.LayerConfig;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.OnCallPerson;
import dev.opsbot.config.PolicyConfig;
import dev.opsbot.config.PolicyStep;
import dev.opsbot.config.ScheduleConfig;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.testing.FakeClock;
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
 * {@code /page} end to end: the command, the desk, PostgreSQL, the outbox sending to a recording
 * chat, and the escalation of config/oncall.yaml. Ana is on call for primary all day; the lead is
 * paged ten minutes later when nobody acknowledges.
 */
class PageIT {
  private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0OPS");

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
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private TestStateDatabase postgres;
  private AlertStore store;
  private OutboxWorker worker;
  private AlertDesk desk;
  private PageCommand page;

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    store = new AlertStore(postgres.database());
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(this::record);
    worker = new OutboxWorker(new OutboxStore(postgres.database()), routes, clock);
    AlertRules rules =
        new AlertRules(
            new AlertDefaults(null, null, null, null, Duration.ZERO),
            Map.of("critical", "#ops-critical"),
            List.of(),
            AlertEscalation.policies(Map.of("critical", "critical")));
    desk =
        new AlertDesk(
            rules,
            Runbooks.in(Path.of("alerts/runbooks")),
            store,
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
    page = new PageCommand(desk);
  }

  @AfterEach
  void stop() throws Exception {
    desk.close();
    worker.close();
    postgres.close();
  }

  private SendResult record(OutboxItem item) {
    String text = new PlainTextRenderer().render(item.message());
    chat.add(
        item.kind()
            + " "
            + (item.parentRef() == null ? "" : item.parentRef() + " ")
            + text.strip());
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.POST ? "m" + chat.size() : "r");
  }

  private String run(String arguments) {
    CommandRequest request =
        new CommandRequest(
            "page", List.of(), Set.of(), "/page " + arguments, arguments, DANA, new AuditNote());
    return new PlainTextRenderer().render(page.execute(request)).strip();
  }

  private void later(Duration duration) {
    clock.advance(duration);
    desk.tickNow();
    worker.pass();
  }

  @Test
  void aPagedPolicyPostsTheAlertWithButtonsPagesItsFirstStepAndStopsOnceAcknowledged() {
    String answer = run("critical checkout fails for EU customers");
    worker.pass();

    StoredAlert alert = store.openAlerts().getFirst();
    assertThat(answer)
        .contains("Alert " + alert.id() + " raised: paging by escalation policy critical.");
    assertThat(alert.ruleId()).isEqualTo("page/critical");
    assertThat(alert.service()).isEqualTo("manual");
    assertThat(alert.summary()).isEqualTo("checkout fails for EU customers");
    assertThat(alert.value()).isEqualTo("paged by dana");
    assertThat(chat.getFirst())
        .startsWith("POST ")
        .contains("checkout fails for EU customers")
        .contains("[Acknowledge]")
        .contains("[Resolve]");
    assertThat(chat)
        .anySatisfy(line ->
            assertThat(line)
                .startsWith("REPLY m1 ")
                .contains("Paged <@U0ANA> (on call for primary)")
                .contains("step 1 of 2"));

    assertThat(desk.acknowledge(alert.id(), DANA).changed()).isTrue();
    worker.pass();
    int before = chat.size();
    later(Duration.ofMinutes(30));

    assertThat(chat).hasSize(before);
    assertThat(chat).noneMatch(line -> line.contains("U0LEAD"));
    assertThat(store.find(alert.id()).orElseThrow().state())
        .isEqualTo(StoredAlertState.ACKNOWLEDGED);
  }

  @Test
  void unacknowledgedItGoesOnToTheNextStepOfThePolicy() {
    run("critical checkout fails");
    worker.pass();
    later(Duration.ofMinutes(10));

    assertThat(chat).anySatisfy(line -> assertThat(line).contains("Paged <@U0LEAD>"));
  }

  @Test
  void aPersonIsPagedOnceAtOnce() {
    assertThat(run("lead the status page shows yesterday's data"))
        .contains("raised: paging lead directly.");
    worker.pass();
    later(Duration.ofHours(2));

    assertThat(chat.stream().filter(line -> line.contains("Paged <@U0LEAD>")))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("step 1 of 1"));
    assertThat(chat).noneMatch(line -> line.contains("U0ANA"));
  }

  @Test
  void anUnknownTargetIsRefusedNamingThePoliciesAndPeopleAndStoresNothing() {
    assertThatThrownBy(() -> run("nobody something broke"))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "'nobody' is neither an escalation policy nor a person. Policies: critical."
                + " People: ana, lead.");
    assertNothingStored();
  }

  @Test
  void anEmptyOrOverlyLongTextIsRefusedAndStoresNothing() {
    assertThatThrownBy(() -> run("critical   "))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("Say what is wrong");
    assertThatThrownBy(() -> run("")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> run("critical " + "x".repeat(501)))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("501 characters; at most 500");
    assertNothingStored();
  }

  @Test
  void aSecondPageOfTheSameTargetWhileTheFirstIsOpenIsRefusedNamingIt() {
    run("critical first");
    long id = store.openAlerts().getFirst().id();

    assertThatThrownBy(() -> run("critical second"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("Alert " + id + " paging critical is still open");
    assertThat(store.openAlerts()).hasSize(1);
  }

  private void assertNothingStored() {
    worker.pass();
    assertThat(store.openAlerts()).isEmpty();
    assertThat(chat).isEmpty();
  }
}
