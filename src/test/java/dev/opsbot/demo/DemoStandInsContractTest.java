package dev.opsbot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.RollbackSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.rollback.Deploy;
import dev.opsbot.rollback.DeployProgress;
import dev.opsbot.rollback.DeployState;
import dev.opsbot.rollback.RenderProvider;
import dev.opsbot.rollback.RollbackStarted;
import dev.opsbot.rollback.VercelProvider;
import dev.opsbot.testing.ApiDescription;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.RecordedExchanges;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The demo's Render and Vercel stand-ins, driven by the real providers over loopback: every request
 * and every answer is checked against the providers' published descriptions, so the demo speaks the
 * shapes the real APIs do (the Vercel one pages, as Vercel does; the Render one restarts a moment
 * after it is asked to, and lists the server_restarted event then).
 */
class DemoStandInsContractTest {
  /** The stand-ins alone: no simulated services to report versions to or restart. */
  private static final DemoServices NO_FLEET =
      new DemoServices() {
        @Override
        public void runVersion(String service, String version) {}

        @Override
        public void restart(String service) {}

        @Override
        public java.util.Optional<FaultState> faults(String service) {
          return java.util.Optional.empty();
        }
      };

  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-02T09:00:00Z"));

  @Test
  void theRenderStandInAnswersAsRenderDescribesIt() {
    try (SimulatedDeployApis apis = SimulatedDeployApis.start(clock, NO_FLEET)) {
      Map<String, String> env = apis.environment();
      String url = env.get("DEMO_RENDER_API_URL");
      RecordedExchanges wire = new RecordedExchanges(URI.create(url).getPath());
      RenderProvider render =
          new RenderProvider(
              new RollbackSettings.RenderApi(url, Secret.of(env.get("RENDER_API_KEY"))),
              client(wire),
              clock,
              d -> {});

      List<Deploy> recent = render.recentDeploys("srv-demo-backend", 30);
      Deploy target =
          recent.stream()
              .filter(d -> d.state() == DeployState.SUPERSEDED)
              .findFirst()
              .orElseThrow();
      RollbackStarted started = render.rollback("srv-demo-backend", target);
      render.progress("srv-demo-backend", target, started);
      render.autoDeploy("srv-demo-backend");
      render.disableAutoDeploy("srv-demo-backend");
      Instant asked = clock.instant();
      RollbackStarted restart = render.restart("srv-demo-backend", recent.getFirst());
      DeployProgress atOnce = render.restartProgress("srv-demo-backend", restart, asked);
      clock.advance(Duration.ofSeconds(5));
      DeployProgress later = render.restartProgress("srv-demo-backend", restart, asked);

      assertThat(atOnce).isInstanceOf(DeployProgress.Pending.class);
      assertThat(later).isEqualTo(new DeployProgress.Live());
      assertThat(wire.all()).hasSizeGreaterThanOrEqualTo(8);
      assertThat(problems(ApiDescription.load("render-public-api.json"), wire)).isEmpty();
    }
  }

  @Test
  void theVercelStandInPagesAndAnswersAsVercelDescribesIt() {
    try (SimulatedDeployApis apis = SimulatedDeployApis.start(clock, NO_FLEET)) {
      Map<String, String> env = apis.environment();
      String url = env.get("DEMO_VERCEL_API_URL");
      RecordedExchanges wire = new RecordedExchanges(URI.create(url).getPath());
      VercelProvider vercel =
          new VercelProvider(
              new RollbackSettings.VercelApi(url, Secret.of(env.get("VERCEL_TOKEN")), null),
              client(wire),
              clock,
              d -> {});

      List<Deploy> recent = vercel.recentDeploys("prj_demo_erp", 30);
      vercel.deployInProgress("prj_demo_erp", recent);
      Deploy target = recent.get(1);
      RollbackStarted started = vercel.rollback("prj_demo_erp", target);
      vercel.progress("prj_demo_erp", target, started);

      assertThat(recent)
          .extracting(Deploy::state)
          .containsExactly(
              DeployState.LIVE,
              DeployState.SUPERSEDED,
              DeployState.SUPERSEDED,
              DeployState.NOT_A_TARGET);
      assertThat(
              wire.all().stream()
                  .filter(e -> e.call().path().equals("/v7/deployments"))
                  .filter(e -> e.call().query().containsKey("until")))
          .as("the second page, asked for with pagination.next")
          .hasSize(1);
      assertThat(problems(ApiDescription.load("vercel-api.json"), wire)).isEmpty();
    }
  }

  private static OkHttpClient client(RecordedExchanges wire) {
    return new OkHttpClient.Builder().addInterceptor(wire).build();
  }

  private static List<String> problems(ApiDescription description, RecordedExchanges wire) {
    List<String> problems = new ArrayList<>();
    for (RecordedExchanges.Exchange exchange : wire.all()) {
      problems.addAll(description.check(exchange.call()));
      problems.addAll(
          description.checkAnswer(
              exchange.call().method(),
              exchange.call().path(),
              exchange.status(),
              exchange.answer()));
    }
    return problems;
  }
}
