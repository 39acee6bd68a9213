package dev.opsbot.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.config.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an Alertmanager group reads as an opsbot alert: rule, service, severity, summary, value. */
class AlertmanagerPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IntakeSource SOURCE =
      new IntakeSource(
          "alertmanager", null, Secret.of("t"), null, null, Map.of("p1", "critical"), null, null);
  private static final AlertmanagerPayload READER =
      new AlertmanagerPayload(
          new IntakeRules(
              new IntakeSettings(
                  Map.of("am", SOURCE),
                  List.of(
                      new IntakeSettings.IntakeRoute(
                          "team-db", Map.of("team", "db"), "#db-alerts", null)),
                  null,
                  null,
                  null)));

  private static ObjectNode recorded() throws Exception {
    return (ObjectNode)
        JSON.readTree(IntakeTestSupport.resource("alertmanager-backend-firing.json"));
  }

  @Test
  void theRecordedGroupIsOneCriticalAlertOfTheJobWithTheCommonSummary() throws Exception {
    IntakeAlert alert = READER.read(recorded(), "am", SOURCE);

    assertThat(alert.ruleId()).isEqualTo("am/default/critical");
    assertThat(alert.service()).isEqualTo("backend");
    assertThat(alert.dedupKey())
        .isEqualTo("{}:{alertname=\"BackendHighErrorRate\", job=\"backend\"}");
    assertThat(alert.summary())
        .isEqualTo("BackendHighErrorRate: Backend 5xx rate above 5% for 5 minutes");
    assertThat(alert.value()).isEqualTo("2 firing");
    assertThat(alert.silenceLabels())
        .isEqualTo(Map.of("alertname", "BackendHighErrorRate", "job", "backend"));
    assertThat(alert.members()).hasSize(2);
  }

  @Test
  void aServiceLabelWinsOverTheJobAndATeamLabelRoutes() throws Exception {
    ObjectNode body = recorded();
    body.withObject("commonLabels").put("service", "erp").put("team", "db");

    IntakeAlert alert = READER.read(body, "am", SOURCE);

    assertThat(alert.service()).isEqualTo("erp");
    assertThat(alert.ruleId()).isEqualTo("am/team-db/critical");
  }

  @Test
  void theSourcesOwnSeverityWordsAreMappedAndUnknownOnesAreItsDefault() throws Exception {
    ObjectNode body = recorded();
    body.withObject("commonLabels").put("severity", "P1");
    assertThat(READER.read(body, "am", SOURCE).ruleId()).isEqualTo("am/default/critical");

    body.withObject("commonLabels").put("severity", "sev-unknown");
    assertThat(READER.read(body, "am", SOURCE).ruleId()).isEqualTo("am/default/warning");
  }

  @Test
  void theContentHashIgnoresTheTimesAlertmanagerRefreshesButNotAStatusChange() throws Exception {
    ObjectNode body = recorded();
    String first = READER.read(body, "am", SOURCE).contentHash();
    ((ObjectNode) body.withArray("alerts").get(0)).put("endsAt", "2026-12-04T09:30:00Z");
    assertThat(READER.read(body, "am", SOURCE).contentHash()).isEqualTo(first);

    ((ObjectNode) body.withArray("alerts").get(0)).put("status", "resolved");
    IntakeAlert changed = READER.read(body, "am", SOURCE);
    assertThat(changed.contentHash()).isNotEqualTo(first);
    assertThat(changed.value()).isEqualTo("1 firing of 2");
  }

  @Test
  void anotherVersionIsRefusedNamingWhatAlertmanagerSends() throws Exception {
    ObjectNode body = recorded();
    body.put("version", "3");

    assertThatThrownBy(() -> READER.read(body, "am", SOURCE))
        .isInstanceOf(PayloadProblem.class)
        .hasMessage("version: '3' is not supported: Alertmanager sends \"4\"");
  }
}
