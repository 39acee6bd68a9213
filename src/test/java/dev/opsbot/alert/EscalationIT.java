package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
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
import dev.opsbot.config.SmtpSettings;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.mail.EmailChatSender;
import dev.opsbot.mail.SmtpMailer;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Results;
import dev.opsbot.testing.TestStateDatabase;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation policies end to end: desks (replicas) on one PostgreSQL, a clock the test moves, the
 * outbox sending to a recording chat and a real SMTP server. Ana and Ben take turns on call for
 * primary, an hour each from 08:00 UTC; the night schedule covers 20:00 to 06:00 only.
 */
class EscalationIT {
  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0CRIT");
  private static final Duration HOLD = Duration.ofSeconds(30);

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private final List<AlertDesk> desks = new ArrayList<>();
  private TestStateDatabase postgres;
  private StateDatabase database;
  private GreenMail smtp;
  private OutboxWorker worker;

  private final AlertRule serviceDown =
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
              "ana", new OnCallPerson("Ana", "U0ANA", "111111111111111111", "ana@example.com"),
              "ben", new OnCallPerson("Ben", "U0BEN", null, "ben@example.com"),
              "lead", new OnCallPerson("Lead", "U0LEAD", null, "lead@example.com")),
          Map.of(
              "primary",
              new ScheduleConfig(
                  "UTC",
                  null,
                  null,
                  List.of(
                      new LayerConfig(
                          "hourly",
                          List.of("ana", "ben"),
                          "1h",
                          "08:00",
                          "2026-12-04",
                          null,
                          null,
                          null))),
              "nights",
              new ScheduleConfig(
                  "UTC",
                  null,
                  null,
                  List.of(
                      new LayerConfig(
                          "nights",
                          List.of("ben"),
                          "daily",
                          "20:00",
                          "2026-12-01",
                          null,
                          null,
                          "20:00-06:00")))),
          Map.of(
              "critical",
              new PolicyConfig(
                  List.of(
                      step(Duration.ZERO, "primary", null, null, List.of()),
                      step(
                          Duration.ofMinutes(10),
                          null,
                          "lead",
                          null,
                          List.of("oncall@example.com")),
                      step(Duration.ofMinutes(5), null, null, "<!subteam^S0LEADS>", List.of())),
                  2),
              "twice-primary",
              new PolicyConfig(
                  List.of(
                      step(Duration.ZERO, "primary", null, null, List.of()),
                      step(Duration.ofHours(1), "primary", null, null, List.of())),
                  0),
              "nights-first",
              new PolicyConfig(
                  List.of(
                      step(Duration.ZERO, "nights", null, null, List.of()),
                      step(Duration.ofMinutes(10), null, "lead", null, List.of())),
                  0)));

  private static PolicyStep step(
      Duration after, String schedule, String person, String group, List<String> email) {
    return new PolicyStep(after, schedule, person, group, null, email);
  }

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    database = postgres.database();
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(this::record);
    routes.route(
        EmailChatSender.PREFIX,
        new EmailChatSender(
            new SmtpMailer(
                new SmtpSettings(
                    "127.0.0.1",
                    smtp.getSmtp().getPort(),
                    null,
                    null,
                    "opsbot@example.com",
                    false,
                    Duration.ofSeconds(5)))));
    worker = new OutboxWorker(new OutboxStore(database), routes, clock);
  }

  @AfterEach
  void stop() throws Exception {
    desks.forEach(AlertDesk::close);
    worker.close();
    smtp.stop();
    postgres.close();
  }

  /** A desk whose rules page critical alerts by {@code policy}. */
  private AlertDesk desk(String policy) {
    AlertRules rules =
        new AlertRules(
            new AlertDefaults(null, null, null, null, Duration.ZERO),
            Map.of("critical", "#ops-critical"),
            List.of(serviceDown),
            AlertEscalation.policies(Map.of("critical", policy)));
    AlertDesk desk =
        new AlertDesk(
            rules,
            Runbooks.in(Path.of("alerts/runbooks")),
            new AlertStore(database),
            new OutboxStore(database),
            new AlertMessages(ZoneId.of("UTC")),
            new Escalation(
                new EscalationPolicies(rules, ON_CALL.policies()),
                OnCallRoster.of(ON_CALL, OverrideSource.NONE),
                true),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    desk.start();
    desks.add(desk);
    return desk;
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

  /** erp is seen down by {@code seeing}, long enough for its alert to fire. */
  private void erpFires(AlertDesk... seeing) {
    for (int round = 0; round < 2; round++) {
      for (AlertDesk desk : seeing) {
        desk.listener()
            .onResult(
                Results.status(
                    ProbeKey.health("erp"),
                    ProbeStatus.DOWN,
                    null,
                    5,
                    "connection refused",
                    clock.instant()));
        desk.drain();
      }
      if (round == 0) {
        clock.advance(HOLD);
      }
    }
    worker.pass();
    assertThat(chat.stream().filter(line -> line.startsWith("POST "))).hasSize(1);
  }

  /** Time passes: every running desk looks at its clock, then the outbox is sent. */
  private void later(Duration duration, AlertDesk... running) {
    clock.advance(duration);
    for (AlertDesk desk : running) {
      desk.tickNow();
    }
    worker.pass();
  }

  /** The thread replies that page someone, in order, without the thread's reference. */
  private List<String> pages() {
    return chat.stream()
        .filter(line -> line.startsWith("REPLY ") && line.contains("step "))
        .map(line -> line.substring(line.indexOf(' ', "REPLY ".length()) + 1))
        .toList();
  }

  /** The recipients of each e-mail sent (GreenMail keeps a copy per recipient). */
  private List<String> mailedTo() throws Exception {
    List<String> to = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (!seen.add(message.getMessageID())) {
        continue;
      }
      to.add(
          String.join(
              ",",
              Arrays.stream(message.getAllRecipients()).map(Object::toString).sorted().toList()));
    }
    return to;
  }

  @Test
  void eachStepPagesWhenUnacknowledgedForItsAftersThenTheLastRepeatsTwiceAndStops()
      throws Exception {
    AlertDesk desk = desk("critical");
    erpFires(desk);
    assertThat(pages())
        .containsExactly(
            "Paged <@U0ANA> (on call for primary): just fired, step 1 of 3 (also by e-mail).");

    later(Duration.ofMinutes(10).minusSeconds(1), desk);
    assertThat(pages()).as("a second before step 2").hasSize(1);
    later(Duration.ofSeconds(1), desk);
    later(Duration.ofMinutes(5).minusSeconds(1), desk);
    assertThat(pages()).as("a second before step 3").hasSize(2);
    later(Duration.ofSeconds(1), desk);
    later(Duration.ofMinutes(5), desk);
    later(Duration.ofMinutes(5), desk);
    later(Duration.ofHours(2), desk);

    assertThat(pages())
        .containsExactly(
            "Paged <@U0ANA> (on call for primary): just fired, step 1 of 3 (also by e-mail).",
            "Paged <@U0LEAD>: unacknowledged for 10 min, step 2 of 3 (also by e-mail).",
            "Paged <!subteam^S0LEADS>: unacknowledged for 15 min, step 3 of 3.",
            "Paged <!subteam^S0LEADS>: unacknowledged for 20 min, step 3 of 3, repeat 1 of 2.",
            "Paged <!subteam^S0LEADS>: unacknowledged for 25 min, step 3 of 3, repeat 2 of 2. No"
                + " further pages.");
    assertThat(mailedTo())
        .as("step 1 mails the person on call, step 2 its addresses and the lead")
        .containsExactly("ana@example.com", "lead@example.com,oncall@example.com");
    assertThat(smtp.getReceivedMessages()[1].getSubject())
        .isEqualTo("ESCALATED erp is down: connection refused");
  }

  @Test
  void anAcknowledgementStopsTheStepsStillToCome() throws Exception {
    AlertDesk desk = desk("critical");
    erpFires(desk);
    later(Duration.ofMinutes(3), desk);
    assertThat(desk.acknowledge(1, DANA).changed()).isTrue();
    worker.pass();

    later(Duration.ofMinutes(10), desk);
    later(Duration.ofMinutes(10), desk);
    later(Duration.ofHours(1), desk);

    assertThat(pages()).hasSize(1);
    assertThat(mailedTo()).containsExactly("ana@example.com");
  }

  @Test
  void aPageNamesWhoeverIsOnCallAtItsMoment() {
    AlertDesk desk = desk("twice-primary");
    erpFires(desk);
    later(Duration.ofHours(1), desk); // the pager went from Ana to Ben at 09:00

    assertThat(pages())
        .containsExactly(
            "Paged <@U0ANA> (on call for primary): just fired, step 1 of 2 (also by e-mail).",
            "Paged <@U0BEN> (on call for primary): unacknowledged for 60 min, step 2 of 2 (also by"
                + " e-mail). No further pages.");
  }

  @Test
  void aStepWithNobodyOnCallSaysSoAndTheNextStepPagesAtOnce() {
    AlertDesk desk = desk("nights-first"); // 08:00: the night schedule has nobody

    erpFires(desk);

    assertThat(pages())
        .containsExactly(
            "Nobody is on call for nights: just fired, step 1 of 2. Going on to step 2 now.",
            "Paged <@U0LEAD>: just fired, step 2 of 2 (also by e-mail). No further pages.");
  }

  @Test
  void twoReplicasLookingAtOnceMakeEachPageOnce() throws Exception {
    AlertDesk a = desk("critical");
    AlertDesk b = desk("critical");
    erpFires(a, b);

    for (int i = 0; i < 8; i++) {
      later(Duration.ofMinutes(5), a, b);
    }

    assertThat(pages()).hasSize(5).doesNotHaveDuplicates();
    assertThat(mailedTo())
        .containsExactly("ana@example.com", "lead@example.com,oncall@example.com");
  }

  @Test
  void twoReplicasDecidingAtTheSameMomentOnTwoThreadsPageEachStepOnce() throws Exception {
    AlertDesk a = desk("critical");
    AlertDesk b = desk("critical");
    erpFires(a, b);

    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofMinutes(5));
      var first = java.util.concurrent.CompletableFuture.runAsync(a::tickNow);
      var second = java.util.concurrent.CompletableFuture.runAsync(b::tickNow);
      first.join();
      second.join();
      worker.pass();
    }

    assertThat(pages()).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void aReplicaThatStopsAfterStepOneDoesNotStopStepTwoWhichAnotherReplicaPagesOnce()
      throws Exception {
    AlertDesk a = desk("critical");
    AlertDesk b = desk("critical"); // never sees erp's probe results: only the database
    erpFires(a);
    later(Duration.ofMinutes(2), a, b);
    assertThat(pages()).hasSize(1);

    a.close(); // killed between two steps
    later(Duration.ofMinutes(8), b);
    later(Duration.ofMinutes(1), b);

    assertThat(pages())
        .containsExactly(
            "Paged <@U0ANA> (on call for primary): just fired, step 1 of 3 (also by e-mail).",
            "Paged <@U0LEAD>: unacknowledged for 10 min, step 2 of 3 (also by e-mail).");
  }

  @Test
  void aSnoozeHoldsThePagesAndItsEndGivesTheNextStepItsWaitAgain() {
    AlertDesk desk = desk("critical");
    erpFires(desk);
    desk.snooze(1, Duration.ofMinutes(30), DANA);
    worker.pass();

    later(Duration.ofMinutes(30), desk); // the snooze ends: step 2 waits its 10 min again
    later(Duration.ofMinutes(9), desk);
    assertThat(pages()).hasSize(1);
    later(Duration.ofMinutes(1), desk);

    assertThat(pages())
        .last()
        .isEqualTo("Paged <@U0LEAD>: unacknowledged for 40 min, step 2 of 3 (also by e-mail).");
  }
}
