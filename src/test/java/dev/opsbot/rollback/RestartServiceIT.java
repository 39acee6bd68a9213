package dev.opsbot.rollback;

import static dev.opsbot.rollback.Fixtures.json;
import static dev.opsbot.rollback.Fixtures.ok;
import static dev.opsbot.rollback.Fixtures.renderDeploy;
import static dev.opsbot.rollback.Fixtures.renderEvents;
import static dev.opsbot.rollback.Fixtures.renderPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Message;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.AccessConfig;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.RoleGrant;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.probe.HttpProbe;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * /restart against a real PostgreSQL and MockWebServers speaking Render's (POST
 * /v1/services/{serviceId}/restart, 200 without a body; GET /v1/services/{serviceId}/events, a list
 * of {event: {id, timestamp, serviceId, type, details}}) and Vercel's (POST /v13/deployments with
 * deploymentId and target production, GET /v13/deployments/{id}) documented shapes: the same plan,
 * confirmation, lock, audit and follow-up as /rollback.
 */
class RestartServiceIT {
  private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
  private static final String RENDER_KEY = "rnd_test_key_0123456789";
  private static final Caller ANA = new Caller("slack", "U0ANA", "ana", "C0OPS");
  private static final Caller BOB = new Caller("slack", "U0BOB", "bob", "C0OPS");
  private static final String LIST = "GET /v1/services/srv-backend/deploys";
  private static final String SERVICE = "GET /v1/services/srv-backend";
  private static final String RESTART = "POST /v1/services/srv-backend/restart";
  private static final String EVENTS = "GET /v1/services/srv-backend/events";
  private static final String ROLLBACK = "POST /v1/services/srv-backend/rollback";
  private static final String NEW_DEPLOY = "GET /v1/services/srv-backend/deploys/dep-new";

  private static EmbeddedPostgres postgres;
  private static StateDatabase database;

  private final FakeClock clock = new FakeClock(T0);
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private final MockWebServer renderServer = new MockWebServer();
  private final MockWebServer vercelServer = new MockWebServer();
  private final MockWebServer fleet = new MockWebServer();
  private final ScriptedApi render = new ScriptedApi();
  private final ScriptedApi vercel = new ScriptedApi();
  private final ScriptedApi health = new ScriptedApi();
  private final OkHttpClient http = new OkHttpClient();
  private final List<String> thread = new CopyOnWriteArrayList<>();
  private AuditLog audit;
  private long auditBefore;
  private RollbackStore store;
  private RollbackService rollbacks;
  private HttpProbe probe;
  private RollbackSettings settings;
  private Pause pause;

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    database =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    assertThat(database.ready()).isEmpty();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
    postgres.close();
  }

  @BeforeEach
  void start() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE rollback_locks, rollback_plans, outbox RESTART IDENTITY");
      try (ResultSet last = statement.executeQuery("SELECT coalesce(max(id), 0) FROM audit_log")) {
        last.next();
        auditBefore = last.getLong(1);
      }
    }
    renderServer.setDispatcher(render);
    vercelServer.setDispatcher(vercel);
    fleet.setDispatcher(health);
    renderServer.start();
    vercelServer.start();
    fleet.start();
    audit = new AuditLog(database, 100);
    store = new RollbackStore(database);
    RollbackSettings settings =
        new RollbackSettings(
            Duration.ofMinutes(5),
            false,
            Duration.ofMinutes(10),
            Duration.ofMinutes(2),
            new RollbackSettings.RenderApi(
                renderServer.url("/v1").toString(), Secret.of(RENDER_KEY)),
            new RollbackSettings.VercelApi(
                vercelServer.url("/").toString(), Secret.of("vercel_token_0123456789"), null),
            Map.of(
                "backend", new RollbackSettings.DeployTarget("render", "srv-backend"),
                "erp", new RollbackSettings.DeployTarget("vercel", "prj_erp")));
    Pause pause =
        duration -> {
          pauses.add(duration);
          clock.advance(duration);
        };
    probe = HttpProbe.health(fleetService(), ProbeSettings.DEFAULT, http, clock);
    this.settings = settings;
    this.pause = pause;
    rollbacks =
        new RollbackService(
            settings,
            List.of(
                new RenderProvider(settings.render(), http, clock, pause),
                new VercelProvider(settings.vercel(), http, clock, pause)),
            store,
            id -> probe.run(),
            new RollbackReporter() {
              @Override
              public void start(RollbackPlan plan, Message message) {
                thread.add("POST " + message.fallbackText());
              }

              @Override
              public void reply(RollbackPlan plan, String step, Message message) {
                thread.add("REPLY " + message.fallbackText());
              }

              @Override
              public void update(RollbackPlan plan, Message message) {
                thread.add("UPDATE " + message.fallbackText());
              }
            },
            audit,
            caller -> caller.userId().equals("U0ADMIN"),
            clock,
            pause);
  }

  @AfterEach
  void stop() {
    rollbacks.close();
    audit.close();
    renderServer.close();
    vercelServer.close();
    fleet.close();
    http.connectionPool().evictAll();
  }

  private ServiceConfig fleetService() {
    return new ServiceConfig(
        "backend",
        "backend",
        "render",
        fleet.url("/").toString(),
        "/health",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private void backendLive() {
    render.on(
        LIST,
        ok(
            renderPage(
                List.of(
                    renderDeploy(
                        "dep-live", "live", "f00dfacecafe", "Batch sync", T0.minusSeconds(3600)),
                    renderDeploy(
                        "dep-old", "deactivated", "abc1234def5", "Fix", T0.minusSeconds(9000))),
                0)));
    render.on(SERVICE, ok(Fixtures.renderService("srv-backend", false)));
    render.on(EVENTS, ok(renderEvents("srv-backend", "server_restarted", T0)));
    health.on("GET /health", ok("{\"status\":\"healthy\",\"version\":\"163.0.16\"}"));
  }

  private RollbackPlan.State outcome(long plan) throws Exception {
    return rollbacks.running(plan).orElseThrow().get(30, TimeUnit.SECONDS);
  }

  private List<String[]> auditRows() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (audit.pendingCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<String[]> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT kind, action, outcome, detail FROM audit_log WHERE id > "
                    + auditBefore
                    + " ORDER BY id")) {
      while (row.next()) {
        rows.add(
            new String[] {
              row.getString("kind"),
              row.getString("action"),
              row.getString("outcome"),
              row.getString("detail")
            });
      }
    }
    return rows;
  }

  @Test
  void aConfirmedRenderRestartIsVerifiedByTheHealthProbeAndAudited() throws Exception {
    backendLive();
    health.on(
        "GET /health",
        json(503, "{\"status\":\"starting\"}"),
        ok("{\"status\":\"healthy\",\"version\":\"163.0.16\"}"));
    render.on(RESTART, new MockResponse.Builder().code(200).build());

    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    String shown = rollbacks.planMessage(plan).fallbackText();
    Message confirmed = rollbacks.confirm(plan.id(), ANA);

    assertThat(shown).isEqualTo("Restart backend? (plan #" + plan.id() + ")");
    assertThat(confirmed.fallbackText())
        .contains("Restart #" + plan.id() + " confirmed by ana: Render is restarting backend");
    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(RESTART)).hasSize(1);
    assertThat(render.requests(RESTART).getFirst().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + RENDER_KEY);
    assertThat(render.requests(ROLLBACK)).isEmpty();
    assertThat(thread.getFirst()).startsWith("POST Restarting backend: confirmed by ana");
    assertThat(thread.get(2)).startsWith("REPLY Restarted backend in 2 s; /health UP");
    assertThat(store.lock("backend", clock.instant())).isEmpty();
    assertThat(auditRows())
        .extracting(r -> tuple(r[0], r[1], r[2]))
        .containsExactly(
            tuple("restart_request", "restart request backend", "ok"),
            tuple("restart_confirm", "restart confirm backend", "ok"),
            tuple("restart_outcome", "restart outcome backend", "ok"));
  }

  @Test
  void aRenderRestartIsClaimedOnlyAfterRendersServerRestartedEventNotWhileTheOldInstanceAnswers()
      throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    // Render took the restart, but the instances restart later; the old one answers healthy.
    render.on(
        EVENTS,
        ok(renderEvents("srv-backend")),
        ok(
            renderEvents(
                "srv-backend",
                "server_restarted",
                T0.minusSeconds(300),
                "server_failed",
                T0.minusSeconds(60))),
        ok(
            renderEvents(
                "srv-backend",
                "server_restarted",
                T0.minusSeconds(300),
                "server_failed",
                T0.minusSeconds(60),
                "server_restarted",
                T0.plusSeconds(5))));

    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(EVENTS)).hasSize(3);
    assertThat(render.requests(EVENTS).getFirst().getUrl().queryParameter("startTime"))
        .isEqualTo("2026-12-02T08:59:50Z");
    assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    // Probed once, at 6 s: after the event, not while only the old instance answered.
    assertThat(health.requests("GET /health")).hasSize(1);
    assertThat(thread)
        .contains(
            "REPLY Render reports backend restarted (server_restarted) after 6 s; probing it until"
                + " it is healthy (up to 2 min).")
        .anySatisfy(t -> assertThat(t).startsWith("REPLY Restarted backend in 6 s; /health UP"));
  }

  @Test
  void anEventStampedAMomentBeforeTheRequestStillCountsForRendersClockMayBeBehind()
      throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    render.on(EVENTS, ok(renderEvents("srv-backend", "server_restarted", T0.minusSeconds(4))));

    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(EVENTS)).hasSize(1);
  }

  @Test
  void aServerFailedEventFailsTheRestartNamingItAndItsReasonWithoutProbing() throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    render.on(
        EVENTS,
        ok(renderEvents("srv-backend")),
        ok(renderEvents("srv-backend", "server_failed", T0.plusSeconds(3))));

    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.FAILED);
    assertThat(health.requests("GET /health")).isEmpty();
    String failed =
        "Restart of backend failed: Render reports server_failed (exited with status 1). Look at"
            + " its logs (/logs backend) and the Render dashboard.";
    assertThat(thread).contains("REPLY " + failed, "UPDATE " + failed);
    assertThat(store.lock("backend", clock.instant())).isEmpty();
    assertThat(auditRows().getLast())
        .containsExactly(
            "restart_outcome",
            "restart outcome backend",
            "error",
            "plan=" + plan.id() + " failed: " + failed);
  }

  @Test
  void noEventWithinTheTimeoutIsNotClaimedAndReportsTheHealthAsSeen() throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    // Only a restart from before this one: it is not this restart's answer.
    render.on(EVENTS, ok(renderEvents("srv-backend", "server_restarted", T0.minusSeconds(3600))));

    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.UNVERIFIED);
    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(render.requests(EVENTS).size()).isGreaterThan(3);
    assertThat(health.requests("GET /health")).hasSize(1);
    String unconfirmed =
        "Render did not confirm the restart of backend within 10 min (no server_restarted event)."
            + " /health as seen now: UP (ok); that may still be the old instance, so opsbot does not"
            + " claim it restarted. Check the Render dashboard and /logs backend.";
    assertThat(thread).contains("REPLY " + unconfirmed, "UPDATE " + unconfirmed);
    assertThat(thread).noneMatch(t -> t.contains("Restarted backend"));
    assertThat(auditRows().getLast()[2]).isEqualTo("error");
  }

  @Test
  void aVercelRestartRedeploysTheProductionDeploymentAndFollowsItUntilReady() throws Exception {
    vercel.on(
        "GET /v9/projects/prj_erp", ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)));
    // The production deployments, then none in progress; /v6 today, /v7 once the listing moves.
    for (String list : List.of("GET /v6/deployments", "GET /v7/deployments")) {
      vercel.on(
          list,
          ok(
              Fixtures.vercelPage(
                  List.of(
                      Fixtures.vercelDeployment(
                          "dpl_live", "READY", "abc", "Ship", "dana", T0.minusSeconds(7200))),
                  null)),
          ok(Fixtures.vercelPage(List.of(), null)));
    }
    vercel.on(
        "POST /v13/deployments",
        json(200, "{\"id\":\"dpl_new\",\"readyState\":\"QUEUED\",\"target\":\"production\"}"));
    vercel.on(
        "GET /v13/deployments/dpl_new",
        ok("{\"id\":\"dpl_new\",\"readyState\":\"BUILDING\"}"),
        ok("{\"id\":\"dpl_new\",\"readyState\":\"READY\"}"));
    health.on("GET /health", ok("{\"status\":\"healthy\"}"));

    RollbackPlan plan = rollbacks.restart("erp", ANA, null);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    var posts = vercel.requests("POST /v13/deployments");
    assertThat(posts).hasSize(1);
    assertThat(posts.getFirst().getBody().utf8())
        .isEqualTo(
            "{\"name\":\"weathercraft-erp\",\"project\":\"prj_erp\",\"deploymentId\":\"dpl_live\","
                + "\"target\":\"production\"}");
    assertThat(vercel.requests("GET /v13/deployments/dpl_new")).hasSize(2);
    assertThat(thread.getFirst()).contains("redeploy of dpl_live");
  }

  @Test
  void aRestartDuringARollbackIsRefusedNamingWhoHoldsTheLockAndSinceWhen() throws Exception {
    backendLive();
    render.on(ROLLBACK, json(201, renderDeploy("dep-new", "created", "abc1234def5", "Fix", T0)));
    render.on(NEW_DEPLOY, ok(renderDeploy("dep-new", "live", "abc1234def5", "Fix", T0)));
    RollbackPlan rollback = rollbacks.plan("backend", null, ANA, false);
    RollbackPlan restart = rollbacks.restart("backend", BOB, null);
    CountDownLatch held = render.hold(NEW_DEPLOY);
    rollbacks.confirm(rollback.id(), ANA);
    clock.advance(Duration.ofSeconds(40));

    assertThatThrownBy(() -> rollbacks.restart("backend", BOB, null))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(
            "backend is being rolled back already by ana (plan #" + rollback.id() + ", since 40 s");
    assertThatThrownBy(() -> rollbacks.confirm(restart.id(), BOB))
        .hasMessageContaining("being rolled back already by ana");
    held.countDown();
    assertThat(outcome(rollback.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(RESTART)).isEmpty();
  }

  @Test
  void aRollbackDuringARestartIsRefusedTheOtherWayRound() throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    CountDownLatch held = fleet.getDispatcher() == health ? health.hold("GET /health") : null;
    RollbackPlan restart = rollbacks.restart("backend", ANA, null);
    rollbacks.confirm(restart.id(), ANA);

    assertThatThrownBy(() -> rollbacks.plan("backend", null, BOB, false))
        .hasMessageContaining("backend is being restarted already by ana (plan #" + restart.id());
    held.countDown();
    assertThat(outcome(restart.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
  }

  @Test
  void aDoubleClickIsOneRestart() throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService clicks = Executors.newFixedThreadPool(2);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      answers.add(
          clicks.submit(() -> {
            go.await();
            try {
              return rollbacks.confirm(plan.id(), ANA).fallbackText();
            } catch (RollbackRefused e) {
              return e.getMessage();
            }
          }));
    }
    go.countDown();
    List<String> texts = new ArrayList<>();
    for (Future<String> answer : answers) {
      texts.add(answer.get(30, TimeUnit.SECONDS));
    }
    clicks.shutdown();

    assertThat(texts)
        .anySatisfy(t -> assertThat(t).contains("confirmed by ana: Render is restarting"))
        .anySatisfy(
            t -> assertThat(t).contains("Restart #" + plan.id() + " was confirmed already by ana"));
    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(RESTART)).hasSize(1);
  }

  @Test
  void theConfirmButtonOfARestartExpires() throws Exception {
    backendLive();
    RollbackPlan plan = rollbacks.restart("backend", ANA, null);
    clock.advance(Duration.ofMinutes(5));

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining("Restart #" + plan.id() + " expired at")
        .hasMessageContaining("nothing was restarted. Ask again with /restart backend.");
    assertThat(render.requests(RESTART)).isEmpty();
  }

  @Test
  void onlyOnCallMayAskAndOnlyTheRequesterOrAnAdminMayConfirm() throws Exception {
    backendLive();
    AccessPolicy access =
        new AccessPolicy(
            new AccessConfig(
                Map.of(
                    "oncall", new RoleGrant(List.of("U0ANA", "U0BOB"), null, null, null),
                    "admin", new RoleGrant(List.of("U0ADMIN"), null, null, null))),
            GroupDirectory.NONE,
            "config/opsbot.yaml");
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(new RollbackCommand(rollbacks), new RestartCommand(rollbacks)),
            access,
            AuditTrail.commands(audit),
            clock);
    Caller viewer = new Caller("slack", "U0VIEW", "vic", "C0OPS");

    assertThat(router.handle("/restart backend", viewer).fallbackText())
        .contains("needs the oncall role");
    assertThat(router.handle("/restart backend", ANA).fallbackText())
        .isEqualTo("Restart backend? (plan #1)");
    assertThat(
            router.handleClick(new ButtonClick(RollbackMessages.CONFIRM, "1", BOB)).fallbackText())
        .contains("Only ana (who asked for restart #1) or an admin may confirm it");
    assertThat(router.handle("/restart nosuch", ANA).fallbackText())
        .contains("opsbot does not know where nosuch is deployed");
    assertThat(render.requests(RESTART)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "404 | did not start: Render found nothing (404) | Nothing was restarted",
        "429 | did not start: Render is rate-limiting opsbot (429) while restarting srv-backend: try again in 30 s | Nothing was restarted",
        "500 | Render failed (500) while restarting srv-backend | may or may not have started; opsbot does not retry it",
        "503 | Render failed (503) while restarting srv-backend | may or may not have started",
      })
  void aFailedRestartCallIsReportedAndNeverRetried(int status, String what, String consequence)
      throws Exception {
    backendLive();
    render.on(
        RESTART,
        new MockResponse.Builder()
            .code(status)
            .setHeader("Retry-After", "30")
            .body("{\"id\":\"err\",\"message\":\"service suspended\"}")
            .build());
    RollbackPlan plan = rollbacks.restart("backend", ANA, null);

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(what)
        .hasMessageContaining(consequence)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(RENDER_KEY));
    assertThat(render.requests(RESTART)).hasSize(1);
    assertThat(pauses).isEmpty();
    assertThat(store.lock("backend", clock.instant())).isEmpty();
    assertThat(auditRows().getLast()[0]).isEqualTo("restart_outcome");
  }

  @Test
  void aRateLimitedReadBeforeTheRestartWaitsAsToldThenGoesOn() {
    backendLive();
    render.on(
        LIST,
        new MockResponse.Builder().code(429).setHeader("Retry-After", "3").body("{}").build(),
        ok(
            renderPage(
                List.of(renderDeploy("dep-live", "live", "f00d", "Batch", T0.minusSeconds(60))),
                0)));

    RollbackPlan plan = rollbacks.restart("backend", ANA, null);

    assertThat(plan.current().id()).isEqualTo("dep-live");
    assertThat(pauses).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void fourEyesHoldsForARestartAsForARollback() throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    rollbacks.close();
    RollbackSettings fourEyes =
        new RollbackSettings(
            settings.confirmWithin(),
            true,
            settings.deployTimeout(),
            settings.healthTimeout(),
            settings.render(),
            settings.vercel(),
            settings.services());
    rollbacks =
        new RollbackService(
            fourEyes,
            List.of(new RenderProvider(fourEyes.render(), http, clock, pause)),
            store,
            id -> probe.run(),
            new RollbackReporter() {
              @Override
              public void start(RollbackPlan plan, Message message) {}

              @Override
              public void reply(RollbackPlan plan, String step, Message message) {}

              @Override
              public void update(RollbackPlan plan, Message message) {}
            },
            audit,
            caller -> false,
            clock,
            pause);
    RollbackPlan plan = rollbacks.restart("backend", ANA, null);

    assertThat(rollbacks.planMessage(plan).toString()).contains(RollbackMessages.APPROVE);
    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessage(
            "Restart #1 needs a second on-call member's approval first (the Approve button, or"
                + " /restart approve 1).");
    assertThatThrownBy(() -> rollbacks.approve(plan.id(), ANA))
        .hasMessage("You asked for restart #1: a second on-call member must approve it.");
    rollbacks.approve(plan.id(), BOB);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(RESTART)).hasSize(1);
    assertThat(store.find(plan.id()).orElseThrow().approvedBy()).isEqualTo("bob");
  }

  // --- the Restart button of an alert ----------------------------------------------------------

  /** The outbox's rows as "kind key -> parent: text", oldest first. */
  private List<String> outboxRows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT kind, idempotency_key, channel, parent_key,"
                    + " message->>'fallbackText' AS text FROM outbox ORDER BY id")) {
      while (row.next()) {
        rows.add(
            row.getString("kind")
                + " "
                + row.getString("idempotency_key").replaceAll("-[0-9a-f-]{36}$", "")
                + " @"
                + row.getString("channel")
                + " -> "
                + row.getString("parent_key")
                + ": "
                + row.getString("text").replaceAll("UP \\d+ ms", "UP <latency>"));
      }
    }
    return rows;
  }

  @Test
  void theRestartButtonOfAnAlertStartsTheGuardedFlowInTheAlertsThread() throws Exception {
    backendLive();
    render.on(RESTART, new MockResponse.Builder().code(200).build());
    rollbacks.close();
    dev.opsbot.delivery.OutboxStore outbox = new dev.opsbot.delivery.OutboxStore(database);
    rollbacks =
        new RollbackService(
            settings,
            List.of(new RenderProvider(settings.render(), http, clock, pause)),
            store,
            id -> probe.run(),
            new OutboxRollbackReporter(outbox, () -> {}, clock),
            audit,
            caller -> false,
            clock,
            pause);
    AccessPolicy access =
        new AccessPolicy(
            new AccessConfig(
                Map.of("oncall", new RoleGrant(List.of("U0ANA", "U0BOB"), null, null, null))),
            GroupDirectory.NONE,
            "config/opsbot.yaml");
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(
                new RollbackCommand(rollbacks),
                new RestartCommand(
                    rollbacks, new dev.opsbot.delivery.ThreadReplies(outbox, () -> {}, clock))),
            access,
            AuditTrail.commands(audit),
            clock);
    dev.opsbot.command.RunbookAction restart =
        dev.opsbot.command.RunbookAction.parse("restart", "backend", "alert-7/parent");
    Caller viewer = new Caller("slack", "U0VIEW", "vic", "C0OPS");

    Message refused =
        router.handleClick(new ButtonClick(restart.kind().actionId(), restart.value(), viewer));
    Message clicked =
        router.handleClick(new ButtonClick(restart.kind().actionId(), restart.value(), ANA));

    assertThat(refused.fallbackText()).contains("needs the oncall role");
    assertThat(clicked.visibility()).isEqualTo(dev.opsbot.chat.Visibility.EPHEMERAL);
    assertThat(clicked.fallbackText())
        .isEqualTo("Restart plan #1 of backend is posted in the alert's thread: confirm it there.");
    assertThat(outboxRows())
        .containsExactly(
            "reply alert-7/parent/restart-plan-1 @C0OPS -> alert-7/parent: Restart backend? (plan #1)");
    assertThat(render.requests(RESTART)).isEmpty();

    assertThat(
            router.handleClick(new ButtonClick(RollbackMessages.CONFIRM, "1", BOB)).fallbackText())
        .contains("Only ana (who asked for restart #1) or an admin may confirm it");
    router.handleClick(new ButtonClick(RollbackMessages.CONFIRM, "1", ANA));
    assertThat(outcome(1)).isEqualTo(RollbackPlan.State.SUCCEEDED);

    assertThat(render.requests(RESTART)).hasSize(1);
    assertThat(outboxRows())
        .containsExactly(
            "reply alert-7/parent/restart-plan-1 @C0OPS -> alert-7/parent: Restart backend? (plan #1)",
            "reply rollback-1 @C0OPS -> alert-7/parent: Restarting backend: confirmed by ana. Render"
                + " is on it (restart of its instances (same deploy dep-live)); progress follows in"
                + " this thread.",
            "reply rollback-1-live @C0OPS -> alert-7/parent: Render reports backend restarted"
                + " (server_restarted) after 0 s; probing it until it is healthy (up to 2 min).",
            "reply rollback-1-outcome @C0OPS -> alert-7/parent: Restarted backend in 0 s; /health UP"
                + " <latency>, version 163.0.16.",
            "update rollback-1-final @C0OPS -> rollback-1: Restarted backend in 0 s; /health UP"
                + " <latency>, version 163.0.16.");
    assertThat(auditRows())
        .extracting(r -> r[0] + " " + r[1] + " " + r[2])
        .containsExactly(
            "click click runbook.restart refused",
            "restart_request restart request backend ok",
            "click click runbook.restart ok",
            "restart_confirm restart confirm backend refused",
            "click click rollback.confirm error",
            "restart_confirm restart confirm backend ok",
            "click click rollback.confirm ok",
            "restart_outcome restart outcome backend ok");
  }
}
