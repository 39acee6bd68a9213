package dev.opsbot.status;

import static dev.opsbot.status.StatusFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.state.StateUnavailableException;
import dev.opsbot.testing.FakeClock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeClock clock = new FakeClock(NOW);

  private StatusView view(boolean showDetails, List<ServiceNow> services, List<OpenIncident> open) {
    return new StatusPage(
            StatusFixtures.settings(showDetails), StatusFixtures.sources(services, open), clock)
        .view();
  }

  @Test
  void aServiceNameOrSummaryWithMarkupIsShownAsText() {
    ServiceNow hostile =
        new ServiceNow(
            "evil",
            "<script>alert('x')</script>",
            Health.UP,
            NOW,
            "<img src=x onerror=alert(1)>",
            NOW);
    OpenIncident incident =
        new OpenIncident(
            1,
            "warning",
            "evil",
            "<script>document.write(1)</script> & \"quotes\"",
            null,
            OpenIncident.State.INVESTIGATING,
            NOW,
            NOW,
            null);

    String html = StatusHtml.render(view(true, List.of(hostile), List.of(incident)));

    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("&lt;script&gt;document.write(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
        .contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void aReasonNamingAHostIsNotShownWithoutShowDetails() throws Exception {
    StatusView view = view(false, StatusFixtures.services(), List.of(StatusFixtures.backendDown()));

    String html = StatusHtml.render(view);
    String json = StatusJson.render(view);

    for (String page : List.of(html, json)) {
      assertThat(page)
          .doesNotContain("onrender.com")
          .doesNotContain("10.0.4.17")
          .doesNotContain("refused")
          .contains("Backend (API gateway)")
          .contains("backend is down");
    }
    assertThat(JSON.readTree(json).at("/services/0").has("detail")).isFalse();
  }

  @Test
  void withShowDetailsTheReasonAndFullSummaryAreShown() {
    StatusView view = view(true, StatusFixtures.services(), List.of(StatusFixtures.backendDown()));

    assertThat(StatusHtml.render(view))
        .contains("brainops-backend-prod.onrender.com:443")
        .contains("backend is down: connect to");
  }

  @Test
  void hostsIpAddressesAndUrlsLeftInASummaryAreHidden() {
    assertThat(
            PublicText.summary(
                "db latency high on db.internal.example.com via https://x.example/y from 192.168.1.9"
                    + " and [fe80::1]:5432 and 2001:db8::7, at 12:30:15",
                null))
        .isEqualTo(
            "db latency high on (hidden) via (hidden) from (hidden) and (hidden) and (hidden),"
                + " at 12:30:15");
    assertThat(PublicText.summary("backend is down: timed out", "timed out"))
        .isEqualTo("backend is down");
    assertThat(PublicText.summary("ai-agents error rate is 12.5% (threshold 5%)", "HTTP 200"))
        .isEqualTo("ai-agents error rate is 12.5% (threshold 5%)");
  }

  @Test
  void thePageReadsOnAPhoneAndRefreshesItself() {
    String html = StatusHtml.render(view(false, StatusFixtures.services(), List.of()));

    assertThat(html)
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("<meta http-equiv=\"refresh\" content=\"60\">")
        .contains("@media (max-width:600px)")
        .contains("No open incidents.")
        .contains("No maintenance scheduled.")
        .contains("Partial outage")
        .doesNotContain("<script");
  }

  @Test
  void theJsonHasEveryServiceNinetyDaysAndTheIncidentsLatestUpdate() throws Exception {
    JsonNode json =
        JSON.readTree(
            StatusJson.render(
                view(false, StatusFixtures.services(), List.of(StatusFixtures.backendDown()))));

    assertThat(json.get("title").asText()).isEqualTo("BrainOps status");
    assertThat(json.get("generatedAt").asText()).isEqualTo("2026-12-05T12:00:00Z");
    assertThat(json.at("/overall/status").asText()).isEqualTo("partial_outage");
    assertThat(json.get("services")).hasSize(2);
    JsonNode backend = json.at("/services/0");
    assertThat(backend.get("id").asText()).isEqualTo("backend");
    assertThat(backend.get("status").asText()).isEqualTo("down");
    assertThat(backend.get("since").asText()).isEqualTo("2026-12-05T11:50:00Z");
    assertThat(backend.get("days")).hasSize(90);
    assertThat(backend.at("/days/0/date").asText()).isEqualTo("2026-09-07");
    assertThat(backend.at("/days/89/date").asText()).isEqualTo("2026-12-05");
    assertThat(backend.at("/days/88/availability").asDouble()).isEqualTo(0.5);
    assertThat(backend.at("/days/89/availability").asDouble()).isEqualTo(1.0);
    assertThat(backend.get("uptime").asDouble()).isBetween(0.994, 0.995);
    JsonNode erp = json.at("/services/1");
    assertThat(erp.get("uptime").isNull()).isTrue();
    assertThat(erp.at("/days/0/availability").isNull()).isTrue();
    JsonNode incident = json.at("/incidents/0");
    assertThat(incident.get("id").asLong()).isEqualTo(7);
    assertThat(incident.get("severity").asText()).isEqualTo("critical");
    assertThat(incident.get("service").asText()).isEqualTo("Backend (API gateway)");
    assertThat(incident.get("summary").asText()).isEqualTo("backend is down");
    assertThat(incident.get("state").asText()).isEqualTo("acknowledged");
    assertThat(incident.get("since").asText()).isEqualTo("2026-12-05T11:51:00Z");
    assertThat(incident.at("/latestUpdate/at").asText()).isEqualTo("2026-12-05T11:55:00Z");
    assertThat(incident.at("/latestUpdate/text").asText()).contains("working on it");
    assertThat(json.get("maintenance")).isEmpty();
  }

  @Test
  void theHistoryIsReadOnceAMinuteAndItsAbsenceIsSaidNotFatal() {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger failing = new AtomicInteger();
    StatusSources sources =
        new StatusSources(
            StatusFixtures::services,
            StatusSources.Incidents.NONE,
            (from, to) -> {
              reads.incrementAndGet();
              if (failing.get() > 0) {
                throw new StateUnavailableException("connection refused");
              }
              return StatusFixtures.history(from, to);
            },
            StatusSources.Maintenance.NONE);
    StatusPage page = new StatusPage(StatusFixtures.settings(false), sources, clock);

    page.view();
    page.view();
    assertThat(reads).hasValue(1);

    clock.advance(java.time.Duration.ofMinutes(1));
    failing.set(1);
    StatusView view = page.view();

    assertThat(reads).hasValue(2);
    assertThat(view.historyNote()).isEqualTo("Uptime history is not available right now.");
    assertThat(view.services()).hasSize(2);
    assertThat(StatusHtml.render(view)).contains("Uptime history is not available right now.");
  }

  @Test
  void theOverallLineFollowsTheWorstService() {
    ServiceNow up = new ServiceNow("a", "A", Health.UP, NOW, null, NOW);
    ServiceNow degraded = new ServiceNow("b", "B", Health.DEGRADED, NOW, null, NOW);
    ServiceNow down = new ServiceNow("c", "C", Health.DOWN, NOW, null, NOW);

    assertThat(view(false, List.of(up), List.of()).overall())
        .isEqualTo(StatusView.Overall.OPERATIONAL);
    assertThat(view(false, List.of(up), List.of(StatusFixtures.backendDown())).overall())
        .isEqualTo(StatusView.Overall.INCIDENT);
    assertThat(view(false, List.of(up, degraded), List.of()).overall())
        .isEqualTo(StatusView.Overall.DEGRADED);
    assertThat(view(false, List.of(up, down), List.of()).overall())
        .isEqualTo(StatusView.Overall.PARTIAL_OUTAGE);
    assertThat(view(false, List.of(down), List.of()).overall())
        .isEqualTo(StatusView.Overall.MAJOR_OUTAGE);
  }
}
