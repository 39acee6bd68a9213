package dev.opsbot.rollback;

import static dev.opsbot.rollback.Fixtures.json;
import static dev.opsbot.rollback.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.RollbackSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.testing.ApiDescription;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.RecordedExchanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the Render and Vercel providers send, as it goes over loopback, checked against the
 * providers' published descriptions (vendored in {@code src/test/resources/contracts}), and so are
 * the answers the tests' stand-ins give ({@link Fixtures}).
 */
class ProviderContractTest {
  private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
  private static final ApiDescription RENDER = ApiDescription.load("render-public-api.json");
  private static final ApiDescription VERCEL = ApiDescription.load("vercel-api.json");

  private final MockWebServer server = new MockWebServer();
  private final ScriptedApi api = new ScriptedApi();
  private final FakeClock clock = new FakeClock(T0);

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(api);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyRenderRequestAndEveryStandInAnswerIsAsRenderDescribesThem() {
    RecordedExchanges wire = new RecordedExchanges("/v1");
    RenderProvider render =
        new RenderProvider(
            new RollbackSettings.RenderApi(
                server.url("/v1").toString(), Secret.of("rnd_contract_test")),
            client(wire),
            clock,
            d -> {});
    api.on(
        "GET /v1/services/srv-1/deploys",
        ok(
            Fixtures.renderPage(
                List.of(
                    Fixtures.renderDeploy("dep-live", "live", "f00dface", "Sync", T0),
                    Fixtures.renderDeploy(
                        "dep-old", "deactivated", "abc1234", "Fix", T0.minusSeconds(3600))),
                0)));
    api.on(
        "POST /v1/services/srv-1/rollback",
        json(201, Fixtures.renderDeploy("dep-new", "created", "abc1234", "Fix", T0)));
    api.on(
        "GET /v1/services/srv-1/deploys/dep-new",
        ok(Fixtures.renderDeploy("dep-new", "live", "abc1234", "Fix", T0)));
    api.on("GET /v1/services/srv-1", ok(Fixtures.renderService("srv-1", true)));
    api.on("PATCH /v1/services/srv-1", ok(Fixtures.renderService("srv-1", false)));
    api.on("POST /v1/services/srv-1/restart", new MockResponse.Builder().code(200).build());
    api.on(
        "GET /v1/services/srv-1/events",
        ok(
            Fixtures.renderEvents(
                "srv-1", "server_failed", T0.minusSeconds(30), "server_restarted", T0)));

    try {
      List<Deploy> recent = render.recentDeploys("srv-1", 30);
      RollbackStarted started = render.rollback("srv-1", recent.get(1));
      render.progress("srv-1", recent.get(1), started);
      render.autoDeploy("srv-1");
      render.disableAutoDeploy("srv-1");
      RollbackStarted restart = render.restart("srv-1", recent.get(0));
      assertThat(render.restartProgress("srv-1", restart, T0)).isEqualTo(new DeployProgress.Live());
      assertThat(wire.all()).hasSize(7);
    } finally {
      assertThat(problems(RENDER, wire)).isEmpty();
    }
  }

  @Test
  void renderErrorAnswersOfTheStandInsAreAsRenderDescribesThem() {
    RecordedExchanges wire = new RecordedExchanges("/v1");
    RenderProvider render =
        new RenderProvider(
            new RollbackSettings.RenderApi(
                server.url("/v1").toString(), Secret.of("rnd_contract_test")),
            client(wire),
            clock,
            d -> {});
    api.on(
        "POST /v1/services/srv-1/rollback",
        json(400, "{\"id\":\"invalid\",\"message\":\"deployId is too old\"}"));

    try {
      render.rollback(
          "srv-1", new Deploy("dep-old", null, null, null, DeployState.SUPERSEDED, null, T0, T0));
    } catch (ProviderException expected) {
      assertThat(expected.getMessage()).contains("too old to roll back to");
    }

    assertThat(problems(RENDER, wire)).isEmpty();
  }

  @Test
  void everyVercelRequestAndEveryStandInAnswerIsAsVercelDescribesIt() {
    RecordedExchanges wire = new RecordedExchanges("");
    VercelProvider vercel =
        new VercelProvider(
            new RollbackSettings.VercelApi(
                server.url("/").toString(), Secret.of("vercel_contract_test"), "team_ops"),
            client(wire),
            clock,
            d -> {});
    api.on(
        "GET /v9/projects/prj_erp",
        ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)),
        ok(Fixtures.vercelProject("prj_erp", "dpl_live", "dpl_prev", "in-progress")));
    api.on(
        "GET /v7/deployments",
        ok(
            Fixtures.vercelPage(
                List.of(
                    Fixtures.vercelDeployment(
                        "dpl_live", "READY", "1111111", "Checkout", "maria", T0)),
                T0.toEpochMilli())),
        ok(
            Fixtures.vercelPage(
                List.of(
                    Fixtures.vercelDeployment(
                        "dpl_prev", "READY", "2222222", "Charts", "devon", T0.minusSeconds(60))),
                null)),
        ok(Fixtures.vercelPage(List.of(), null)));
    api.on("POST /v1/projects/prj_erp/rollback/dpl_prev", json(201, "{}"));

    try {
      List<Deploy> recent = vercel.recentDeploys("prj_erp", 30);
      vercel.deployInProgress("prj_erp", recent);
      RollbackStarted started = vercel.rollback("prj_erp", recent.get(1));
      vercel.progress("prj_erp", recent.get(1), started);
      assertThat(wire.all()).hasSize(6);
    } finally {
      // Checked even when a drifted request made the stand-in answer 404.
      assertThat(problems(VERCEL, wire)).isEmpty();
    }
  }

  static OkHttpClient client(RecordedExchanges wire) {
    return new OkHttpClient.Builder().addInterceptor(wire).build();
  }

  /** Every violation of the description in what went over the wire, requests and answers. */
  static List<String> problems(ApiDescription description, RecordedExchanges wire) {
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
