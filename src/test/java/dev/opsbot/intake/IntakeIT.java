package dev.opsbot.intake;

import static dev.opsbot.intake.IntakeTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.alert.StoredAlertState;
import dev.opsbot.testing.TestStateDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts from Alertmanager and a mapped webhook, end to end: HTTP on loopback to the admin server,
 * the alert desk, PostgreSQL, the outbox sending to a recording chat; silences at the source
 * through a recording {@link SourceSilencer}. Two replicas share one database where the test says
 * so.
 */
class IntakeIT {
  private static final Caller DANA = new Caller("slack", "U1", "dana", "C0OPS");
  private static final Caller ELI = new Caller("slack", "U2", "eli", "C0OPS");

  private TestStateDatabase postgres;
  private IntakeTestSupport support;
  private RecordingSilencer silencer;
  private IntakeReplica one;
  private IntakeReplica two;
  private AlertStore store;

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    support = new IntakeTestSupport(postgres.database());
    silencer = new RecordingSilencer();
    store = new AlertStore(postgres.database());
    one = replica();
  }

  private IntakeReplica replica() {
    return new IntakeReplica(
        postgres.database(), IntakeTestSupport.SETTINGS, silencer, support.clock);
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    if (two != null) {
      two.close();
    }
    support.worker.close();
    postgres.close();
  }

  @Test
  void aFiringAlertmanagerGroupBecomesOneAlertInAThreadWithButtons() {
    var answer =
        support.post(one, "/intake/alertmanager", resource("alertmanager-backend-firing.json"));
    support.worker.pass();

    assertThat(answer.code()).isEqualTo(200);
    StoredAlert alert = store.openAlerts().getFirst();
    assertThat(store.openAlerts()).hasSize(1);
    assertThat(alert.ruleId()).isEqualTo("alertmanager/default/critical");
    assertThat(alert.service()).isEqualTo("backend");
    assertThat(alert.summary())
        .isEqualTo("BackendHighErrorRate: Backend 5xx rate above 5% for 5 minutes");
    assertThat(alert.value()).isEqualTo("2 firing");
    assertThat(support.chat)
        .singleElement()
        .satisfies(line ->
            assertThat(line)
                .startsWith("POST #ops-critical")
                .contains("Backend 5xx rate above 5%")
                .contains("[Acknowledge]")
                .contains("[Snooze")
                .contains("[Resolve]"));
    assertThat(support.count("SELECT count(*) FROM intake_members")).isEqualTo(2);
  }

  @Test
  void repeatedFiringNotificationsOfTheGroupUpdateItAndNeverPostASecondAlert() {
    String firing = resource("alertmanager-backend-firing.json");
    for (int i = 0; i < 3; i++) {
      assertThat(support.post(one, "/intake/alertmanager", firing).code()).isEqualTo(200);
    }
    support.worker.pass();
    // A third instance joins the group: the same alert, its value updated.
    String bigger =
        firing.replace(
            "\"alerts\": [",
            "\"alerts\": [{\"status\":\"firing\",\"labels\":{\"alertname\":\"BackendHighErrorRate\","
                + "\"instance\":\"backend-3:9100\",\"job\":\"backend\",\"severity\":\"critical\"},"
                + "\"annotations\":{},\"fingerprint\":\"c3d4e5f607182930\"},");
    support.clock.advance(Duration.ofMinutes(6));
    assertThat(support.post(one, "/intake/alertmanager", bigger).code()).isEqualTo(200);
    support.worker.pass();

    assertThat(support.posts()).isEqualTo(1);
    assertThat(store.openAlerts())
        .singleElement()
        .satisfies(a -> assertThat(a.value()).isEqualTo("3 firing"));
    assertThat(support.chat).anySatisfy(line -> assertThat(line).contains("2 firing → 3 firing"));
    assertThat(support.count("SELECT deliveries FROM intake_alerts")).isEqualTo(4);
  }

  @Test
  void thePayloadsRecordedFromDebiansAlertmanagerOpenAnAlertAndResolveIt() {
    // Byte for byte what Alertmanager 0.25 posted (see the README beside them).
    var firing = support.post(one, "/intake/alertmanager", resource("alertmanager-firing.json"));
    support.worker.pass();
    StoredAlert alert = store.openAlerts().getFirst();
    assertThat(firing.code()).isEqualTo(200);
    assertThat(alert.ruleId()).isEqualTo("alertmanager/default/critical");
    assertThat(alert.service()).isEqualTo("node");
    assertThat(alert.summary()).isEqualTo("OpsbotDiskFull: Disk almost full on db-1");
    assertThat(support.posts()).isEqualTo(1);

    var resolved =
        support.post(one, "/intake/alertmanager", resource("alertmanager-resolved.json"));
    support.worker.pass();

    assertThat(resolved.code()).isEqualTo(200);
    assertThat(store.find(alert.id()).orElseThrow().state()).isEqualTo(StoredAlertState.RESOLVED);
    assertThat(support.posts()).isEqualTo(1);
  }

  @Test
  void aResolvedNotificationResolvesIt() {
    support.post(one, "/intake/alertmanager", resource("alertmanager-backend-firing.json"));
    long id = store.openAlerts().getFirst().id();
    var answer =
        support.post(one, "/intake/alertmanager", resource("alertmanager-backend-resolved.json"));
    support.worker.pass();

    assertThat(answer.code()).isEqualTo(200);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(StoredAlertState.RESOLVED);
    assertThat(store.openAlerts()).isEmpty();
    assertThat(support.chat).anySatisfy(line -> assertThat(line).containsIgnoringCase("resolved"));
    // Sent again (Alertmanager retries): nothing more happens.
    int before = support.chat.size();
    support.post(one, "/intake/alertmanager", resource("alertmanager-backend-resolved.json"));
    support.worker.pass();
    assertThat(support.chat).hasSize(before);
  }

  @Test
  void anAcknowledgementThroughEitherOfTwoReplicasSilencesTheGroupAtTheSourceOnce()
      throws Exception {
    two = replica();
    support.post(one, "/intake/alertmanager", resource("alertmanager-backend-firing.json"));
    // The other replica hears the group too (Alertmanager in HA sends to both).
    support.post(two, "/intake/alertmanager", resource("alertmanager-backend-firing.json"));
    support.worker.pass();
    long id = store.openAlerts().getFirst().id();

    var first = CompletableFuture.supplyAsync(() -> one.desk.acknowledge(id, DANA));
    var second = CompletableFuture.supplyAsync(() -> two.desk.acknowledge(id, ELI));
    first.get();
    second.get();
    support.worker.pass();

    assertThat(silencer.calls)
        .singleElement()
        .satisfies(call -> {
          assertThat(call.what()).isEqualTo("silence");
          assertThat(call.labels())
              .isEqualTo(Map.of("alertname", "BackendHighErrorRate", "job", "backend"));
          assertThat(call.until()).isEqualTo(IntakeTestSupport.T0.plus(Duration.ofHours(24)));
        });
    assertThat(support.text("SELECT silence_id FROM intake_alerts")).isEqualTo("silence-1");
    assertThat(support.chat)
        .anySatisfy(
            line -> assertThat(line).contains("Silenced in alertmanager").contains("silence-1"));

    // Resolved by hand through the other replica: the silence is expired, once.
    two.desk.resolve(id, ELI);
    one.desk.resolve(id, DANA);
    assertThat(silencer.calls)
        .extracting(RecordingSilencer.Call::what, RecordingSilencer.Call::id)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("silence", "silence-1"),
            org.assertj.core.groups.Tuple.tuple("expire", "silence-1"));
  }

  @Test
  void aSnoozeSilencesUntilItsEndAndAFailingSourceIsSaidInTheThreadWhileTheSnoozeStands() {
    support.post(one, "/intake/alertmanager", resource("alertmanager-backend-firing.json"));
    support.worker.pass();
    long id = store.openAlerts().getFirst().id();
    silencer.failing = true;

    var answer = one.desk.snooze(id, Duration.ofHours(2), DANA);
    support.worker.pass();

    assertThat(answer.changed()).isTrue();
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(StoredAlertState.SNOOZED);
    assertThat(support.chat)
        .anySatisfy(line ->
            assertThat(line)
                .startsWith("REPLY")
                .contains("Could not silence this in alertmanager")
                .contains("The snooze stands"));

    silencer.failing = false;
    one.desk.acknowledge(id, DANA);
    assertThat(silencer.calls)
        .singleElement()
        .satisfies(call -> assertThat(call.what()).isEqualTo("silence"));
  }

  @Test
  void aGrafanaWebhookIsReadThroughItsMappingOneAlertPerFingerprint() {
    var answer = support.post(one, "/intake/webhook/grafana", resource("grafana-firing.json"));
    support.worker.pass();

    assertThat(answer.code()).isEqualTo(200);
    List<StoredAlert> open = store.openAlerts();
    assertThat(open)
        .extracting(StoredAlert::ruleId, StoredAlert::service, StoredAlert::summary)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "grafana/default/warning", "ai-agents", "ai-agents memory above 90%"),
            org.assertj.core.groups.Tuple.tuple(
                "grafana/default/warning", "mcp-bridge", "mcp-bridge CPU above 85%"));
    // One rule firing twice within groupWithin: one thread.
    assertThat(support.posts()).isEqualTo(1);
    assertThat(support.chat.getFirst()).startsWith("POST #ops-alerts");

    String resolved =
        resource("grafana-firing.json")
            .replaceFirst(
                "\"status\": \"firing\",\n      \"labels\": \\{\"alertname\": \"High memory",
                "\"status\": \"resolved\",\n      \"labels\": {\"alertname\": \"High memory");
    assertThat(support.post(one, "/intake/webhook/grafana", resolved).code()).isEqualTo(200);
    assertThat(store.openAlerts()).extracting(StoredAlert::service).containsExactly("mcp-bridge");
  }

  @Test
  void routesByLabelSendATeamsAlertsToItsChannel() {
    String body =
        resource("grafana-firing.json").replace("\"team\": \"agents\"}", "\"team\": \"db\"}");
    support.post(one, "/intake/webhook/grafana", body);
    support.worker.pass();

    assertThat(store.openAlerts())
        .extracting(StoredAlert::ruleId)
        .containsOnly("grafana/team-db/warning");
    assertThat(support.chat.getFirst()).startsWith("POST #db-alerts");
  }
}
