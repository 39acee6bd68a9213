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
import dev.opsbot.config.Severity;
import dev.opsbot.config.SmtpSettings;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.mail.EmailChatSender;
import dev.opsbot.mail.SmtpMailer;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.Results;
import dev.opsbot.testing.TestStateDatabase;
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
 * Two replicas, each with its own alert desk, on one PostgreSQL: both probe the same fleet and see
 * the same outage, but a person's button reaches only one of them. What the channel shows must not
 * depend on which one: decisions come from the database, not from either replica's memory.
 */
class AlertReplicasIT {
  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0CRIT");
  private static final Caller LEE = new Caller("slack", "U2", "lee", "C0CRIT");

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private TestStateDatabase postgres;
  private StateDatabase database;
  private GreenMail smtp;
  private OutboxWorker worker;
  private AlertDesk a;
  private AlertDesk b;

  private final AlertRule serviceDown =
      new AlertRule(
          "service-down",
          "{service} is down: {reason}",
          AlertFixtures.statusRule("x", "DOWN", "critical", Duration.ZERO).when(),
          Severity.CRITICAL,
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          null,
          "service-not-responding",
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          List.of());
  private final AlertRules rules =
      new AlertRules(
          new AlertDefaults(null, null, null, null, Duration.ofMinutes(2)),
          Map.of("critical", "#ops-critical"),
          List.of(serviceDown),
          new AlertEscalation("<!subteam^S0ONCALL>", List.of("oncall@example.com")));

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
    a = replica();
    b = replica();
  }

  private AlertDesk replica() {
    AlertDesk desk =
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
    return desk;
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
    a.close();
    b.close();
    worker.close();
    smtp.stop();
    postgres.close();
  }

  /** Both replicas probe erp and see it down. */
  private void erpDownSeenByBoth() {
    for (AlertDesk desk : List.of(a, b)) {
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
    worker.pass();
  }

  private void fired() {
    erpDownSeenByBoth();
    clock.advance(Duration.ofSeconds(31));
    erpDownSeenByBoth();
    assertThat(chat.stream().filter(l -> l.startsWith("POST "))).hasSize(1);
  }

  /** Time passes on both replicas: each looks at its clock and the outbox is sent. */
  private void later(Duration duration) {
    clock.advance(duration);
    a.tickNow();
    b.tickNow();
    worker.pass();
  }

  private long lines(String containing) {
    return chat.stream().filter(line -> line.contains(containing)).count();
  }

  private long replies(String containing) {
    return chat.stream()
        .filter(line -> line.startsWith("REPLY ") && line.contains(containing))
        .count();
  }

  @Test
  void anAcknowledgementThroughOneReplicaStopsTheOthersRepeatsAndEscalation() throws Exception {
    fired();
    clock.advance(Duration.ofSeconds(11));
    assertThat(a.acknowledge(1, DANA).text())
        .isEqualTo("You acknowledged alert 1 (service-down@erp).");
    worker.pass();

    later(Duration.ofMinutes(1)); // past escalateAfter
    later(Duration.ofMinutes(5)); // past repeatEvery
    later(Duration.ofMinutes(5));

    assertThat(lines("<!subteam^S0ONCALL>")).as("pages after the acknowledgement").isZero();
    assertThat(lines("Still firing")).as("repeats after the acknowledgement").isZero();
    assertThat(smtp.getReceivedMessages()).as("escalation e-mails").isEmpty();
    assertThat(b.board().get(new AlertKey("service-down", "erp")))
        .as("the other replica learnt it from the database")
        .isInstanceOfSatisfying(
            AlertState.Firing.class, firing -> assertThat(firing.acknowledged()).isTrue());
  }

  @Test
  void aSecondAcknowledgementThroughAnotherReplicaSaysWhoWasFirst() {
    fired();
    a.acknowledge(1, DANA);
    AlertDesk.Response second = b.acknowledge(1, LEE);
    worker.pass();

    assertThat(second.changed()).isFalse();
    assertThat(second.text())
        .isEqualTo("Nothing to do: alert 1 was already acknowledged by @dana at 08:00:31 UTC.");
    assertThat(replies("Acknowledged by")).as("acknowledgement replies: %s", chat).isEqualTo(1);
    assertThat(lines("@lee")).isZero();
    // The other replica's parent message now shows the acknowledgement too: asked again, it knows.
    assertThat(b.acknowledge(1, LEE).text())
        .isEqualTo("Nothing to do: alert 1 is acknowledged by @dana.");
  }

  @Test
  void twoReplicasDecidingAtTheSameMomentPageOnceAndRepeatOnce() throws Exception {
    fired();

    later(Duration.ofMinutes(1));
    later(Duration.ofMinutes(5));

    assertThat(lines("<!subteam^S0ONCALL>")).as("pages").isEqualTo(1);
    assertThat(smtp.getReceivedMessages()).as("escalation e-mails").hasSize(1);
    assertThat(lines("Still firing")).as("repeats").isEqualTo(1);
  }

  @Test
  void aSnoozeThroughOneReplicaSilencesTheOtherAndEndsOnce() {
    fired();
    a.snooze(1, Duration.ofMinutes(30), DANA);
    worker.pass();

    later(Duration.ofMinutes(2)); // past escalateAfter: B never heard of the snooze
    later(Duration.ofMinutes(10));
    assertThat(lines("<!subteam^S0ONCALL>")).as("pages while snoozed").isZero();
    assertThat(lines("Still firing")).as("repeats while snoozed").isZero();

    // A later snooze through B replaces the first: A must not end it at the first one's time.
    b.snooze(1, Duration.ofMinutes(60), LEE);
    worker.pass();
    later(Duration.ofMinutes(20)); // the first snooze's end
    assertThat(lines("Snooze ended")).as("the first snooze was replaced").isZero();

    later(Duration.ofMinutes(41)); // the second snooze's end
    assertThat(lines("Snooze ended")).as("snooze-end replies").isEqualTo(1);
  }

  @Test
  void aResolveThroughOneReplicaIsNotUndoneOrRepeatedByTheOther() {
    fired();
    a.resolve(1, DANA);
    worker.pass();
    AlertDesk.Response second = b.resolve(1, LEE);
    later(Duration.ofMinutes(2));

    assertThat(second.text())
        .isEqualTo("Nothing to do: alert 1 was already resolved by @dana at 08:00:31 UTC.");
    assertThat(replies("Resolved by")).as("resolve replies: %s", chat).isEqualTo(1);
    assertThat(lines("<!subteam^S0ONCALL>")).isZero();
    assertThat(b.board()).doesNotContainKey(new AlertKey("service-down", "erp"));
  }
}
