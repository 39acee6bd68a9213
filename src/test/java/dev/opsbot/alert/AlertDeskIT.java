package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert desk against a real PostgreSQL and a real SMTP server, with a fake clock: what on-call
 * engineers see in their channel, message by message.
 */
class AlertDeskIT {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private static final List<String> FLEET =
      List.of("ai-agents", "backend", "mcp-bridge", "erp", "mrg");

  private final FakeClock clock = new FakeClock(T0);
  private final List<String> chat = new CopyOnWriteArrayList<>();
  private EmbeddedPostgres postgres;
  private StateDatabase database;
  private GreenMail smtp;
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
          new AlertEscalation("<!subteam^S0ONCALL>", List.of("oncall@example.com")));

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
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
    desk = newDesk();
  }

  private AlertDesk newDesk() {
    return newDesk(Runbooks.in(Path.of("alerts/runbooks")));
  }

  private AlertDesk newDesk(Runbooks runbooks) {
    AlertDesk created =
        new AlertDesk(
            rules,
            runbooks,
            new AlertStore(database),
            new OutboxStore(database),
            new AlertMessages(ZoneId.of("UTC")),
            AlertFixtures.singlePage(rules),
            clock,
            new AlertDesk.Settings(Duration.ofHours(1), Duration.ofMinutes(5)),
            () -> {});
    created.start();
    return created;
  }

  /** The chat platform: one line per message as the channel shows it. */
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
    smtp.stop();
    database.close();
    postgres.close();
  }

  /** One probe round over the fleet: the named services down, the others up. */
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

  private void tick() {
    desk.tickNow();
    worker.pass();
  }

  private List<String> posts() {
    return chat.stream().filter(line -> line.startsWith("POST ")).toList();
  }

  @Test
  void fiveServicesDownAtOnceShareOneParentThatListsThem() {
    round(List.of("backend", "mcp-bridge", "erp", "mrg", "ai-agents"));
    clock.advance(Duration.ofSeconds(91));
    round(List.of("backend", "mcp-bridge", "erp", "mrg", "ai-agents"));
    tick();

    assertThat(posts()).hasSize(1);
    assertThat(posts().getFirst()).contains("CRITICAL: ai-agents is down: connection refused");
    assertThat(chat.stream().filter(line -> line.startsWith("UPDATE m1")).toList())
        .as("the alerts that joined are announced together: one edit")
        .singleElement()
        .asString()
        .startsWith("UPDATE m1 == CRITICAL: service-down on 5 services (5 open) ==")
        .contains("mrg")
        .contains("[Acknowledge all] [Snooze all 1h] [Resolve all]");
    assertThat(chat.stream().filter(line -> line.startsWith("REPLY m1 Also firing")))
        .singleElement()
        .asString()
        .isEqualTo(
            "REPLY m1 Also firing, 4 more: backend (alert 2), mcp-bridge (alert 3), erp (alert 4),"
                + " mrg (alert 5)");

    Caller dana = new Caller("slack", "U1", "dana", "C0CRIT");
    AlertDesk.Response response = desk.acknowledgeThread(1, dana);
    worker.pass();

    assertThat(response.text()).startsWith("You acknowledged alerts 1 (").contains("5 (");
    assertThat(chat.getLast()).startsWith("REPLY m1 ").contains("Acknowledged by @dana");
    assertThat(chat.stream().filter(line -> line.startsWith("UPDATE m1")).toList().getLast())
        .contains("[Resolve all]")
        .doesNotContain("[Acknowledge all]");
  }

  @Test
  void anUnacknowledgedCriticalAlertPagesTheGroupInItsThreadAndByEmailOnce() throws Exception {
    round(List.of("erp"));
    clock.advance(Duration.ofSeconds(91));
    round(List.of("erp"));
    assertThat(posts()).hasSize(1);

    clock.advance(Duration.ofMinutes(9));
    tick();
    assertThat(smtp.getReceivedMessages()).as("not yet: 9 min after firing").isEmpty();

    clock.advance(Duration.ofMinutes(1));
    tick();
    clock.advance(Duration.ofMinutes(1));
    tick();

    assertThat(chat.stream().filter(line -> line.contains("<!subteam^S0ONCALL>")))
        .singleElement()
        .asString()
        .isEqualTo(
            "REPLY m1 Paged <!subteam^S0ONCALL>: unacknowledged for 10 min, step 1 of 1 (also by"
                + " e-mail). No further pages.");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(smtp.getReceivedMessages()[0].getSubject())
        .isEqualTo("ESCALATED erp is down: connection refused");
    assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]))
        .contains("Unacknowledged for 10 min on erp");
  }

  @Test
  void aRestartMidIncidentPostsNoSecondParentAndKeepsTheAcknowledgement() {
    round(List.of("mrg"));
    clock.advance(Duration.ofSeconds(91));
    round(List.of("mrg"));
    desk.acknowledge(1, new Caller("slack", "U1", "dana", "C0CRIT"));
    worker.pass();

    desk.close();
    desk = newDesk();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(30));
      round(List.of("mrg"));
    }

    assertThat(posts()).hasSize(1);
    assertThat(desk.acknowledge(1, new Caller("slack", "U2", "lee", "C0CRIT")).text())
        .isEqualTo("Nothing to do: alert 1 is acknowledged by @dana.");

    round(List.of());
    clock.advance(Duration.ofMinutes(2));
    round(List.of());

    assertThat(chat.getLast()).isEqualTo("REPLY m1 Resolved by itself after 3 min");
    assertThat(chat.stream().filter(line -> line.startsWith("UPDATE m1")).toList().getLast())
        .contains("RESOLVED: mrg is down");
  }

  @Test
  void aHandResolveNeedsAnOpenAlertAndSaysWhyNot() throws Exception {
    Caller dana = new Caller("slack", "U1", "dana", "C0CRIT");
    assertThat(desk.resolve(42, dana).text())
        .isEqualTo("There is no alert 42: /alerts lists the open ones.");

    round(List.of("backend"));
    assertThat(desk.resolve(1, dana).text()).isEqualTo("Alert 1 has not fired yet (pending).");
    clock.advance(Duration.ofSeconds(91));
    round(List.of("backend"));
    assertThat(desk.resolve(1, dana).changed()).isTrue();
    worker.pass();
    assertThat(desk.resolve(1, dana).text())
        .isEqualTo("Alert 1 (service-down on backend) is already resolved by dana.");
    StoredAlert stored = new AlertStore(database).find(1).orElseThrow();
    assertThat(stored.state()).isEqualTo(StoredAlertState.RESOLVED);
    assertThat(new AlertStore(database).transitions(1))
        .extracting(t -> t.to().id() + " by " + t.by())
        .containsExactly("pending by null", "firing by null", "resolved by dana");
  }

  @Test
  void anAlertResumedAfterARestartStillSaysWhyItFired() {
    round(List.of("mrg"));
    clock.advance(Duration.ofSeconds(91));
    round(List.of("mrg"));

    desk.close();
    desk = newDesk();
    desk.acknowledge(1, new Caller("slack", "U1", "dana", "C0CRIT"));
    worker.pass();
    round(List.of());
    clock.advance(Duration.ofMinutes(2));
    round(List.of());

    assertThat(chat.stream().filter(line -> line.startsWith("UPDATE m1")).toList())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("mrg is down: connection refused"));
    assertThat(new AlertStore(database).find(1).orElseThrow().summary())
        .as("what /alerts and the digest show")
        .isEqualTo("mrg is down: connection refused");
  }

  @Test
  void anAlertPostsWithItsRunbookWhenFilesCanNoLongerBeRead(@TempDir Path dir) throws Exception {
    Path runbook = dir.resolve("service-not-responding.md");
    Files.copy(Path.of("alerts/runbooks/service-not-responding.md"), runbook);
    desk.close();
    desk = newDesk(Runbooks.in(dir));
    // From now on reading the runbook fails, as it does when the process is out of descriptors.
    Files.delete(runbook);
    Files.createDirectory(runbook);

    round(List.of("erp"));
    clock.advance(Duration.ofSeconds(91));
    round(List.of("erp"));

    assertThat(posts())
        .singleElement()
        .asString()
        .contains("CRITICAL: erp is down: connection refused")
        .contains("Runbook (service-not-responding):")
        .contains("5. Restart the service if it still does not answer.");
  }
}
