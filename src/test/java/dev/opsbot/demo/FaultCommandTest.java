package dev.opsbot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.CommandRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultCommandTest {
  private static final Caller USER = new Caller("test", "U1", "ana", "C1");
  private final HttpClient http = HttpClient.newHttpClient();
  private SimulatedFleet fleet;
  private CommandRouter router;

  @BeforeEach
  void start() {
    fleet = SimulatedFleet.start(Clock.systemUTC());
    router = CommandRouter.withHelp(List.of(new FaultCommand(fleet)));
  }

  @AfterEach
  void stop() {
    fleet.close();
  }

  private String reply(String line) {
    return new PlainTextRenderer().render(router.handle(line, USER));
  }

  private HttpResponse<String> get(String service, String path, String key) throws Exception {
    String url =
        fleet.environment().get("DEMO_" + service.toUpperCase().replace('-', '_') + "_URL");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aloneItListsEveryFault() {
    assertThat(reply("/demo")).contains("/demo <service> down", "/demo aurea-stop", "/demo reset");
  }

  @Test
  void errorFaultMakesTheServiceAnswer500UntilReset() throws Exception {
    assertThat(reply("/demo erp error")).contains("erp now answers HTTP 500.");
    assertThat(get("erp", "/api/health", null).statusCode()).isEqualTo(500);

    reply("/demo reset");

    assertThat(get("erp", "/api/health", null).body()).contains("\"status\":\"ok\"");
  }

  @Test
  void aureaEndpointsNeedTheGeneratedKey() throws Exception {
    assertThat(get("ai-agents", "/systems/usage", null).statusCode()).isEqualTo(401);
    assertThat(get("ai-agents", "/systems/usage", "wrong").statusCode()).isEqualTo(401);
    assertThat(get("ai-agents", "/systems/usage", fleet.apiKey()).body())
        .contains("\"running\":true", "\"autonomy_level\":\"SUPERVISED\"");
  }

  @Test
  void schedulerAndMetricsFaultsChangeWhatTheEndpointsReport() throws Exception {
    reply("/demo scheduler 58");
    reply("/demo backend metrics error-rate=7.5 p99=1500");

    assertThat(get("ai-agents", "/scheduler/status", fleet.apiKey()).body())
        .contains("\"registered_jobs_count\":58");
    assertThat(get("backend", "/observability/metrics", null).body())
        .contains("\"error_rate_percent\":7.5", "\"p99_latency_ms\":1500");
  }

  @Test
  void badInputIsAnsweredWithWhatWasWrong() {
    assertThat(reply("/demo bakend down"))
        .contains("'bakend' is neither a service nor a fault. Did you mean backend?");
    assertThat(reply("/demo backend slow soon"))
        .contains("'soon' is not a number: write it as slow <ms>");
    assertThat(reply("/demo backend metrics cpu=3")).contains("unknown metric 'cpu'");
    assertThat(reply("/demo backend")).contains("say which fault to inject into backend");
  }
}
