package dev.opsbot.status;

import static dev.opsbot.status.StatusFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.testing.FakeClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heartbeats (scheduled jobs) on the status page and in status.json, beside the services. */
class StatusHeartbeatsTest {
  private final FakeClock clock = new FakeClock(NOW);

  private StatusView view(List<HeartbeatNow> heartbeats) {
    List<ServiceNow> allUp =
        List.of(new ServiceNow("erp", "Weathercraft ERP", Health.UP, null, "ok", NOW));
    StatusSources sources =
        new StatusSources(
            () -> allUp,
            StatusSources.Incidents.NONE,
            StatusFixtures::history,
            StatusSources.Maintenance.NONE,
            () -> heartbeats);
    return new StatusPage(StatusFixtures.settings(false), sources, clock).view();
  }

  private static HeartbeatNow scheduler(Health health) {
    return new HeartbeatNow(
        "scheduler",
        "AI Agents scheduler",
        health,
        NOW.minusSeconds(420),
        NOW.minusSeconds(health == Health.DOWN ? 120 : -180));
  }

  @Test
  void anOnTimeHeartbeatIsListedWithItsLastRunAndLeavesThePageOperational() throws Exception {
    StatusView view = view(List.of(scheduler(Health.UP)));

    assertThat(view.overall()).isEqualTo(StatusView.Overall.OPERATIONAL);
    JsonNode heartbeat = new ObjectMapper().readTree(StatusJson.render(view)).at("/heartbeats/0");
    assertThat(heartbeat.get("id").asText()).isEqualTo("scheduler");
    assertThat(heartbeat.get("name").asText()).isEqualTo("AI Agents scheduler");
    assertThat(heartbeat.get("status").asText()).isEqualTo("up");
    assertThat(heartbeat.get("lastPingAt").asText()).isEqualTo("2026-12-05T11:53:00Z");
    assertThat(heartbeat.get("expectedBy").asText()).isEqualTo("2026-12-05T12:03:00Z");
    assertThat(StatusHtml.render(view))
        .contains("<h2>Scheduled jobs</h2>")
        .contains(
            "<article class=\"card heartbeat up\" data-heartbeat=\"scheduler\"><div"
                + " class=\"row\"><h3>AI Agents scheduler</h3><span class=\"status up\">On"
                + " time</span></div><p class=\"muted\">last run reported 5 Dec, 11:53 UTC ·"
                + " next expected by 5 Dec, 12:03 UTC</p></article>");
  }

  @Test
  void aLateHeartbeatShowsLateAndMakesThePageDegraded() throws Exception {
    StatusView view = view(List.of(scheduler(Health.DOWN)));

    assertThat(view.overall()).isEqualTo(StatusView.Overall.DEGRADED);
    assertThat(
            new ObjectMapper()
                .readTree(StatusJson.render(view))
                .at("/heartbeats/0/status")
                .asText())
        .isEqualTo("late");
    assertThat(StatusHtml.render(view))
        .contains("<span class=\"status down\">Late</span>")
        .contains("expected by 5 Dec, 11:58 UTC");
  }

  @Test
  void withoutHeartbeatsThePageHasNoScheduledJobsSection() throws Exception {
    StatusView view = view(List.of());

    assertThat(StatusHtml.render(view)).doesNotContain("Scheduled jobs");
    assertThat(new ObjectMapper().readTree(StatusJson.render(view)).get("heartbeats")).isEmpty();
  }
}
