package dev.opsbot.rollback;

import static dev.opsbot.rollback.Fixtures.json;
import static dev.opsbot.rollback.Fixtures.ok;
import static dev.opsbot.rollback.Fixtures.renderDeploy;
import static dev.opsbot.rollback.Fixtures.renderPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.Outcome;
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
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * /rollback against a real PostgreSQL (plans, locks, audit rows) and MockWebServers speaking
 * Render's and Vercel's documented API shapes, with a fake clock: planning, confirming once,
 * locking, following the deploy, verifying health, and every failure a provider can answer.
 */
class RollbackServiceIT {
  private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
  private static final String RENDER_KEY = "rnd_test_key_0123456789";
  private static final String VERCEL_TOKEN = "vercel_test_token_0123456789";
  private static final Caller ANA = new Caller("slack", "U0ANA", "ana", "C0OPS");
  private static final Caller BOB = new Caller("slack", "U0BOB", "bob", "C0OPS");
  private static final Caller ADMIN = new Caller("slack", "U0ADMIN", "root", "C0OPS");
  private static final String LIST = "GET /v1/services/srv-backend/deploys";
  private static final String SERVICE = "GET /v1/services/srv-backend";
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
  private final List<Message> replies = new CopyOnWriteArrayList<>();
  private AuditLog audit;
  private long auditBefore;
  private RollbackStore store;
  private RollbackService rollbacks;

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
      statement.execute("TRUNCATE rollback_locks, rollback_plans RESTART IDENTITY");
      // The audit log is append-only, even for tests: this test reads the rows after this one.
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
    rollbacks = service(false);
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

  private RollbackService service(boolean requireApproval) {
    RollbackSettings settings =
        new RollbackSettings(
            Duration.ofMinutes(5),
            requireApproval,
            Duration.ofMinutes(10),
            Duration.ofMinutes(2),
            new RollbackSettings.RenderApi(
                renderServer.url("/v1").toString(), Secret.of(RENDER_KEY)),
            new RollbackSettings.VercelApi(
                vercelServer.url("/").toString(), Secret.of(VERCEL_TOKEN), "team_ops"),
            Map.of(
                "backend", new RollbackSettings.DeployTarget("render", "srv-backend"),
                "erp", new RollbackSettings.DeployTarget("vercel", "prj_erp")));
    Pause pause =
        duration -> {
          pauses.add(duration);
          clock.advance(duration);
        };
    HttpProbe backend =
        HttpProbe.health(fleetService("backend"), ProbeSettings.DEFAULT, http, clock);
    HttpProbe erp = HttpProbe.health(fleetService("erp"), ProbeSettings.DEFAULT, http, clock);
    return new RollbackService(
        settings,
        List.of(
            new RenderProvider(settings.render(), http, clock, pause),
            new VercelProvider(settings.vercel(), http, clock, pause)),
        store,
        id -> id.equals("erp") ? erp.run() : backend.run(),
        new RollbackReporter() {
          @Override
          public void start(RollbackPlan plan, Message message) {
            thread.add("POST " + message.fallbackText());
          }

          @Override
          public void reply(RollbackPlan plan, String step, Message message) {
            thread.add("REPLY " + message.fallbackText());
            replies.add(message);
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

  private ServiceConfig fleetService(String id) {
    return new ServiceConfig(
        id,
        id,
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

  // --- Render: fixtures ---------------------------------------------------------------------

  private static String deploy(String id, String status, String sha, String message, int hoursAgo) {
    return renderDeploy(id, status, sha, message, T0.minus(Duration.ofHours(hoursAgo)));
  }

  /** The live deploy, a failed one, then the one that was live before: the usual bad release. */
  private void backendHistory() {
    render.on(
        LIST,
        ok(
            renderPage(
                List.of(
                    deploy("dep-live", "live", "f00dfacecafe", "Batch invoice sync", 1),
                    deploy("dep-failed", "build_failed", "badbadbad000", "Batch invoice (wip)", 2),
                    deploy("dep-old", "deactivated", "abc1234def567", "Fix tenant filter", 5),
                    deploy("dep-older", "deactivated", "0123456789ab", "Raise pool size", 9)),
                0)));
    render.on(SERVICE, ok(Fixtures.renderService("srv-backend", true)));
  }

  private void rollbackGoesLive() {
    render.on(
        ROLLBACK,
        json(201, renderDeploy("dep-new", "created", "abc1234def567", "Fix tenant filter", T0)));
    render.on(
        NEW_DEPLOY,
        ok(renderDeploy("dep-new", "build_in_progress", "abc1234def567", "Fix tenant filter", T0)),
        ok(renderDeploy("dep-new", "update_in_progress", "abc1234def567", "Fix tenant filter", T0)),
        ok(renderDeploy("dep-new", "live", "abc1234def567", "Fix tenant filter", T0)));
  }

  private void healthy(MockResponse... first) {
    List<MockResponse> answers = new ArrayList<>(List.of(first));
    answers.add(ok("{\"status\":\"healthy\",\"version\":\"163.0.15\"}"));
    health.on("GET /health", answers.toArray(MockResponse[]::new));
  }

  private RollbackPlan.State outcome(long plan) throws Exception {
    return rollbacks.running(plan).orElseThrow().get(30, TimeUnit.SECONDS);
  }

  /** This test's audit rows, oldest first, once the writer has stored them. */
  private List<AuditEntry> auditRows() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (audit.pendingCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<AuditEntry> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT at, platform, user_id, user_name, channel, kind, action, outcome, detail"
                    + " FROM audit_log WHERE id > "
                    + auditBefore
                    + " ORDER BY id")) {
      while (row.next()) {
        rows.add(
            new AuditEntry(
                row.getTimestamp("at").toInstant(),
                row.getString("platform"),
                row.getString("user_id"),
                row.getString("user_name"),
                row.getString("channel"),
                AuditKind.of(row.getString("kind")),
                row.getString("action"),
                Outcome.valueOf(row.getString("outcome").toUpperCase(java.util.Locale.ROOT)),
                null,
                row.getString("detail")));
      }
    }
    return rows;
  }

  private String planState(long id) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT state, outcome, new_deploy FROM rollback_plans WHERE id = " + id)) {
      row.next();
      return row.getString("state")
          + " | "
          + row.getString("new_deploy")
          + " | "
          + row.getString("outcome");
    }
  }

  // --- planning -------------------------------------------------------------------------------

  @Test
  void targetIsTheMostRecentEarlierDeployThatWasLiveFoundAcrossPages() {
    List<String> firstPage = new ArrayList<>();
    firstPage.add(deploy("dep-live", "live", "f00dfacecafe", "Batch invoice sync", 1));
    for (int i = 0; i < 19; i++) {
      firstPage.add(deploy("dep-fail-" + i, "build_failed", "bad" + i, "Try " + i, 2 + i));
    }
    render.on(
        LIST,
        ok(renderPage(firstPage, 0)),
        ok(
            renderPage(
                List.of(
                    deploy("dep-canceled", "canceled", "c0ffee", "Half done", 30),
                    deploy("dep-old", "deactivated", "abc1234def567", "Fix tenant filter", 31),
                    deploy("dep-older", "deactivated", "0123456789ab", "Raise pool size", 40)),
                20)));
    render.on(SERVICE, ok(Fixtures.renderService("srv-backend", true)));

    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    assertThat(plan.current().id()).isEqualTo("dep-live");
    assertThat(plan.target().id()).isEqualTo("dep-old");
    assertThat(plan.autoDeploy()).isTrue();
    assertThat(plan.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    var pages = render.requests(LIST);
    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).getUrl().queryParameter("limit")).isEqualTo("20");
    assertThat(pages.get(0).getUrl().queryParameter("cursor")).isNull();
    assertThat(pages.get(1).getUrl().queryParameter("cursor")).isEqualTo("cur-19");
    assertThat(pages.get(0).getHeaders().get("Authorization")).isEqualTo("Bearer " + RENDER_KEY);

    Message shown = rollbacks.planMessage(plan);
    String text = new PlainTextRenderer().render(shown);
    assertThat(text)
        .contains("Roll back backend to dep-old? (plan #" + plan.id() + ")")
        .contains("Live now:     dep-live (f00dfac \u2018Batch invoice sync\u2019), 60 min ago")
        .contains("Roll back to: dep-old (abc1234 \u2018Fix tenant filter\u2019), 31 h ago")
        .contains("Auto-deploy is on for backend")
        .contains("Valid for 5 min")
        .contains("/rollback confirm " + plan.id());
    assertThat(buttons(shown))
        .extracting(Block.Button::actionId, Block.Button::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RollbackMessages.CONFIRM, "" + plan.id()),
            org.assertj.core.groups.Tuple.tuple(RollbackMessages.CANCEL, "" + plan.id()));
  }

  private static List<Block.Button> buttons(Message message) {
    return message.blocks().stream()
        .filter(Block.Buttons.class::isInstance)
        .flatMap(b -> ((Block.Buttons) b).buttons().stream())
        .toList();
  }

  @Test
  void aNamedDeployMustHaveBeenLiveAndNotBeTheLiveOne() {
    backendHistory();

    assertThat(rollbacks.plan("backend", "dep-older", ANA, false).target().id())
        .isEqualTo("dep-older");
    assertThatThrownBy(() -> rollbacks.plan("backend", "dep-failed", ANA, false))
        .hasMessageContaining("dep-failed never went live (build_failed)");
    assertThatThrownBy(() -> rollbacks.plan("backend", "dep-live", ANA, false))
        .hasMessageContaining("dep-live is the deploy backend runs now");
    assertThatThrownBy(() -> rollbacks.plan("backend", "dep-nope", ANA, false))
        .hasMessageContaining("No deploy dep-nope among the last 4 deploys of backend")
        .hasMessageContaining("/rollback backend list");
  }

  @Test
  void listShowsTheLastTenDeploysWithTheirStatus() {
    backendHistory();

    String text = new PlainTextRenderer().render(rollbacks.list("backend"));

    assertThat(text)
        .contains("Last 4 deploys of backend (Render)")
        .containsPattern("dep-live +live +f00dfac +Batch invoice sync")
        .containsPattern("dep-failed +build_failed")
        .containsPattern("dep-old +deactivated +abc1234 +Fix tenant filter");
    assertThat(render.requests(LIST).getFirst().getUrl().queryParameter("limit")).isEqualTo("20");
  }

  @Test
  void aDeployInProgressBlocksTheRollbackUnlessAnAdminForcesIt() {
    render.on(
        LIST,
        ok(
            renderPage(
                List.of(
                    deploy("dep-building", "build_in_progress", "beef00", "Hotfix", 0),
                    deploy("dep-live", "live", "f00dfacecafe", "Batch invoice sync", 1),
                    deploy("dep-old", "deactivated", "abc1234def567", "Fix tenant filter", 5)),
                0)));
    render.on(SERVICE, ok(Fixtures.renderService("srv-backend", false)));

    assertThatThrownBy(() -> rollbacks.plan("backend", null, ANA, false))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining("A deploy of backend is in progress (dep-building, build_in_progress")
        .hasMessageContaining("/rollback backend --force");
    assertThatThrownBy(() -> rollbacks.plan("backend", null, ANA, true))
        .hasMessageContaining("Only an admin may force");

    RollbackPlan forced = rollbacks.plan("backend", null, ADMIN, true);
    assertThat(forced.forced()).isTrue();
    assertThat(forced.target().id()).isEqualTo("dep-old");
  }

  @Test
  void aProviderWithoutItsTokenIsOffAndSaysWhatToSet() {
    RollbackService renderOnly =
        new RollbackService(
            rollbacks.settings(),
            List.of(),
            store,
            id -> null,
            null,
            audit,
            caller -> false,
            clock,
            Pause.SLEEP);

    assertThatThrownBy(() -> renderOnly.plan("erp", null, ANA, false))
        .hasMessageContaining("Rollback through vercel is off: VERCEL_TOKEN is not set");
    assertThatThrownBy(() -> renderOnly.plan("ai-agents", null, ANA, false))
        .hasMessageContaining("add it under rollback.services");
  }

  // --- confirming and following ---------------------------------------------------------------

  @Test
  void aConfirmedRollbackIsFollowedUntilLiveThenProbedUntilHealthyAndAudited() throws Exception {
    backendHistory();
    rollbackGoesLive();
    healthy(json(503, "{\"status\":\"starting\"}"));
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    Message confirmed = rollbacks.confirm(plan.id(), ANA);

    assertThat(confirmed.fallbackText())
        .contains("Rollback #" + plan.id() + " confirmed by ana")
        .contains("Render is rolling backend back to dep-old");
    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(ROLLBACK)).hasSize(1);
    assertThat(render.requests(ROLLBACK).getFirst().getBody().utf8())
        .isEqualTo("{\"deployId\":\"dep-old\"}");
    assertThat(thread.getFirst()).startsWith("POST Rolling back backend to dep-old");
    assertThat(thread.get(1)).startsWith("REPLY Render reports dep-old live after 6 s");
    assertThat(thread.get(2))
        .startsWith(
            "REPLY Rolled back backend to dep-old (abc1234 \u2018Fix tenant filter\u2019) in 8 s;"
                + " /health UP")
        .endsWith("version 163.0.15.");
    assertThat(thread.get(3)).startsWith("UPDATE Rolled back backend to dep-old");
    assertThat(buttons(replies.getLast()))
        .extracting(Block.Button::actionId)
        .containsExactly(RollbackMessages.AUTO_DEPLOY_OFF);
    // Bounded backoff: 2 s, then 4 s for the deploy; 2 s for the first failed probe.
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(2));
    assertThat(store.lock("backend", clock.instant())).isEmpty();
    assertThat(planState(plan.id())).startsWith("succeeded | dep-new | Rolled back backend");

    List<AuditEntry> rows = auditRows();
    assertThat(rows)
        .extracting(AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rollback request backend", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("rollback confirm backend", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("rollback outcome backend", Outcome.OK));
    assertThat(rows.get(0).detail()).isEqualTo("plan=" + plan.id() + " dep-live -> dep-old");
    assertThat(rows.get(1).detail()).isEqualTo("plan=" + plan.id() + " deploy dep-new");
    assertThat(rows.get(2).userId()).isEqualTo("U0ANA");
    assertThat(rows.toString()).doesNotContain(RENDER_KEY);
  }

  @Test
  void aDoubleClickIsOneRollback() throws Exception {
    backendHistory();
    rollbackGoesLive();
    healthy();
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService clicks = Executors.newFixedThreadPool(2);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      results.add(
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
    List<String> answers = new ArrayList<>();
    for (Future<String> result : results) {
      answers.add(result.get(30, TimeUnit.SECONDS));
    }
    clicks.shutdown();

    assertThat(answers)
        .anySatisfy(a -> assertThat(a).contains("confirmed by ana: Render is rolling"))
        .anySatisfy(a ->
            assertThat(a)
                .contains("was confirmed already by ana")
                .contains("nothing more was started"));
    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(ROLLBACK)).hasSize(1);
    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining("and is succeeded: it runs once");
  }

  @Test
  void aSecondRollbackOfTheServiceWhileOneRunsIsRefusedNamingWhoHoldsIt() throws Exception {
    backendHistory();
    rollbackGoesLive();
    healthy();
    RollbackPlan first = rollbacks.plan("backend", null, ANA, false);
    RollbackPlan second = rollbacks.plan("backend", "dep-older", BOB, false);
    CountDownLatch held = render.hold(NEW_DEPLOY);

    rollbacks.confirm(first.id(), ANA);

    assertThatThrownBy(() -> rollbacks.confirm(second.id(), BOB))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(
            "backend is being rolled back already by ana (plan #"
                + first.id()
                + ", since 0 s ago)");
    assertThatThrownBy(() -> rollbacks.plan("backend", null, BOB, false))
        .hasMessageContaining("being rolled back already by ana");
    assertThat(store.find(second.id()).orElseThrow().state()).isEqualTo(RollbackPlan.State.PENDING);
    held.countDown();
    assertThat(outcome(first.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(store.lock("backend", clock.instant())).isEmpty();
    assertThat(render.requests(ROLLBACK)).hasSize(1);
  }

  @Test
  void theLockOfAReplicaThatDiedExpiresAndIsTakenOver() throws Exception {
    backendHistory();
    rollbackGoesLive();
    healthy();
    RollbackPlan orphan = rollbacks.plan("backend", null, BOB, false);
    // Another replica confirmed it and died: its lock runs out after a minute here.
    assertThat(store.start(orphan.id(), "bob", clock.instant(), clock.instant().plusSeconds(60)))
        .isInstanceOf(RollbackLedger.Start.Started.class);
    assertThatThrownBy(() -> rollbacks.plan("backend", null, ANA, false))
        .hasMessageContaining("being rolled back already by bob");

    clock.advance(Duration.ofSeconds(61));
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(render.requests(ROLLBACK)).hasSize(1);
    assertThat(planState(orphan.id()))
        .isEqualTo(
            "unverified | null | opsbot stopped following it (its lock expired): check the"
                + " provider's dashboard");
  }

  @Test
  void theConfirmButtonIsValidForFiveMinutes() throws Exception {
    backendHistory();
    rollbackGoesLive();
    healthy();
    RollbackPlan late = rollbacks.plan("backend", null, ANA, false);
    clock.advance(Duration.ofMinutes(5));

    assertThatThrownBy(() -> rollbacks.confirm(late.id(), ANA))
        .hasMessageContaining("Rollback #" + late.id() + " expired at 2026-12-02T09:05:00Z")
        .hasMessageContaining("nothing was rolled back")
        .hasMessageContaining("/rollback backend");
    assertThat(render.requests(ROLLBACK)).isEmpty();

    RollbackPlan inTime = rollbacks.plan("backend", null, ANA, false);
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    rollbacks.confirm(inTime.id(), ANA);
    assertThat(outcome(inTime.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(auditRows())
        .filteredOn(row -> row.outcome() == Outcome.REFUSED)
        .extracting(AuditEntry::detail)
        .containsExactly("plan=" + late.id() + " expired");
  }

  @Test
  void onlyTheRequesterOrAnAdminMayConfirmOrCancel() throws Exception {
    backendHistory();
    rollbackGoesLive();
    healthy();
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), BOB))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(
            "Only ana (who asked for rollback #" + plan.id() + ") or an admin may confirm it");
    assertThatThrownBy(() -> rollbacks.cancel(plan.id(), BOB))
        .hasMessageContaining("or an admin may cancel it");
    assertThat(render.requests(ROLLBACK)).isEmpty();

    rollbacks.confirm(plan.id(), ADMIN);
    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(store.find(plan.id()).orElseThrow().decidedBy()).isEqualTo("root");
  }

  @Test
  void aCanceledPlanCannotBeConfirmedAndTheCancellationIsAudited() throws Exception {
    backendHistory();
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    assertThat(rollbacks.cancel(plan.id(), ANA).fallbackText())
        .isEqualTo("Rollback #" + plan.id() + " of backend canceled by ana.");
    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining("was canceled already by ana");
    assertThat(render.requests(ROLLBACK)).isEmpty();
    assertThat(auditRows())
        .extracting(AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rollback request backend", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("rollback cancel backend", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("rollback confirm backend", Outcome.REFUSED));
  }

  @Test
  void fourEyesNeedsASecondOnCallMembersApproval() throws Exception {
    rollbacks.close();
    rollbacks = service(true);
    backendHistory();
    rollbackGoesLive();
    healthy();
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);
    assertThat(buttons(rollbacks.planMessage(plan)))
        .extracting(Block.Button::actionId)
        .containsExactly(
            RollbackMessages.APPROVE, RollbackMessages.CONFIRM, RollbackMessages.CANCEL);

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining("needs a second on-call member's approval first");
    assertThatThrownBy(() -> rollbacks.approve(plan.id(), ANA))
        .hasMessageContaining("a second on-call member must approve it");
    Message approved = rollbacks.approve(plan.id(), BOB);
    assertThat(new PlainTextRenderer().render(approved))
        .contains("Approved by bob: ana or an admin may confirm it now.");
    assertThat(buttons(approved))
        .extracting(Block.Button::actionId)
        .containsExactly(RollbackMessages.CONFIRM, RollbackMessages.CANCEL);
    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(store.find(plan.id()).orElseThrow().approvedBy()).isEqualTo("bob");
  }

  @Test
  void viewersMayNeitherAskNorClick() {
    backendHistory();
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
            List.of(new RollbackCommand(rollbacks)), access, AuditTrail.commands(audit), clock);
    Caller viewer = new Caller("slack", "U0VIEW", "vic", "C0OPS");

    assertThat(router.handle("/rollback backend", viewer).fallbackText())
        .contains("This needs the oncall role, and you (U0VIEW) do not have it");
    assertThat(
            router
                .handleClick(new ButtonClick(RollbackMessages.CONFIRM, "1", viewer))
                .fallbackText())
        .contains("needs the oncall role");
    assertThat(render.all()).isEmpty();
    assertThat(router.handle("/rollback backend", ANA).fallbackText())
        .startsWith("Roll back backend to dep-old? (plan #1)");
    assertThat(router.handle("/rollback confirm 1", BOB).fallbackText())
        .contains("Only ana (who asked for rollback #1) or an admin may confirm it");
  }

  // --- what providers answer ------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "401 | 1 | Render rejected opsbot's token (401) while listing the deploys of srv-backend: set RENDER_API_KEY",
        "403 | 1 | Render refused (403) listing the deploys of srv-backend: the token in RENDER_API_KEY has no access",
        "404 | 1 | Render found nothing (404) while listing the deploys of srv-backend: check the id under rollback.services",
        "409 | 1 | Render refused (409 conflict) listing the deploys of srv-backend",
        "402 | 1 | Render refused (402 payment required) listing the deploys of srv-backend",
        "406 | 1 | Render cannot answer in JSON (406) while listing the deploys of srv-backend",
        "410 | 1 | Render says it is gone (410) while listing the deploys of srv-backend",
        "500 | 3 | Render failed (500) while listing the deploys of srv-backend: a problem on their side",
        "503 | 3 | Render failed (503) while listing the deploys of srv-backend: a problem on their side",
      })
  void everyErrorStatusGivesAClearMessage(int status, int attempts, String expected) {
    render.on(LIST, json(status, "{\"id\":\"err\",\"message\":\"provider says no\"}"));

    assertThatThrownBy(() -> rollbacks.plan("backend", null, ANA, false))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(RENDER_KEY));
    assertThat(render.requests(LIST)).hasSize(attempts);
    if (status != 401) {
      assertThatThrownBy(() -> rollbacks.plan("backend", null, ANA, false))
          .hasMessageContaining("Render says: \u201cprovider says no\u201d");
    }
  }

  @Test
  void aRateLimitedReadWaitsAsToldThenGoesOn() {
    backendHistory();
    render.on(
        LIST,
        new MockResponse.Builder().code(429).setHeader("Retry-After", "3").body("{}").build(),
        ok(
            renderPage(
                List.of(
                    deploy("dep-live", "live", "f00dfacecafe", "Batch invoice sync", 1),
                    deploy("dep-old", "deactivated", "abc1234def567", "Fix tenant filter", 5)),
                0)));

    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    assertThat(plan.target().id()).isEqualTo("dep-old");
    assertThat(pauses).containsExactly(Duration.ofSeconds(3));
    assertThat(render.requests(LIST)).hasSize(2);
  }

  @Test
  void aLongRateLimitIsReportedWithWhenToTryAgain() {
    render.on(
        LIST,
        new MockResponse.Builder().code(429).setHeader("Retry-After", "600").body("{}").build());

    assertThatThrownBy(() -> rollbacks.plan("backend", null, ANA, false))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(
            "Render is rate-limiting opsbot (429) while listing the deploys of srv-backend: try again in 10 min");
    assertThat(render.requests(LIST)).hasSize(1);
    assertThat(pauses).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "409 | did not start: Render refused (409 conflict) | Nothing was rolled back",
        "400 | did not start: Render refused (400) rolling srv-backend back to dep-old: the deploy is probably too old to roll back to | Nothing was rolled back",
        "403 | did not start: Render refused (403) rolling srv-backend back to dep-old | Nothing was rolled back",
        "404 | did not start: Render found nothing (404) while rolling srv-backend back to dep-old | Nothing was rolled back",
        "429 | did not start: Render is rate-limiting opsbot (429) | Nothing was rolled back",
        "500 | Render failed (500) | may or may not have started; opsbot does not retry it",
        "502 | Render failed (502) | may or may not have started; opsbot does not retry it",
      })
  void aFailedRollbackCallIsNeverRetried(int status, String what, String consequence)
      throws Exception {
    backendHistory();
    render.on(
        ROLLBACK,
        new MockResponse.Builder()
            .code(status)
            .setHeader("Retry-After", "1")
            .body("{\"id\":\"err\",\"message\":\"deploy in progress\"}")
            .build());
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(what)
        .hasMessageContaining(consequence);
    assertThat(render.requests(ROLLBACK)).hasSize(1);
    assertThat(pauses).isEmpty();
    assertThat(planState(plan.id())).startsWith("failed | null | Rollback #" + plan.id());
    assertThat(store.lock("backend", clock.instant())).isEmpty();
    assertThat(auditRows().getLast().action()).isEqualTo("rollback outcome backend");
    assertThat(auditRows().getLast().outcome()).isEqualTo(Outcome.ERROR);
    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining("it runs once");
    assertThat(render.requests(ROLLBACK)).hasSize(1);
  }

  @Test
  void aRollbackCallWhoseAnswerIsLostIsReportedAsUnknownNotRetried() throws Exception {
    backendHistory();
    render.on(
        ROLLBACK,
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining("Could not reach Render while rolling srv-backend back to dep-old")
        .hasMessageContaining("may or may not have started; opsbot does not retry it")
        .hasMessageContaining("Check the Render dashboard");
    assertThat(render.requests(ROLLBACK)).hasSize(1);
    assertThat(store.lock("backend", clock.instant())).isEmpty();
  }

  @Test
  void aDeployThatFailsIsReportedWithTheProvidersReason() throws Exception {
    backendHistory();
    render.on(
        ROLLBACK,
        json(201, renderDeploy("dep-new", "created", "abc1234def567", "Fix tenant filter", T0)));
    render.on(
        NEW_DEPLOY,
        ok(renderDeploy("dep-new", "update_in_progress", "abc1234def567", "Fix", T0)),
        ok(renderDeploy("dep-new", "update_failed", "abc1234def567", "Fix", T0)));
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.FAILED);
    assertThat(thread.getLast())
        .contains(
            "Rollback of backend to dep-old failed: Render reports the deploy update_failed (dep-new)")
        .contains("dep-live may still be serving");
    assertThat(health.all()).isEmpty();
    assertThat(store.lock("backend", clock.instant())).isEmpty();
  }

  @Test
  void aRollbackWhoseServiceStaysUnhealthyIsReportedUnverified() throws Exception {
    backendHistory();
    rollbackGoesLive();
    health.on("GET /health", json(503, "{\"status\":\"error\"}"));
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.UNVERIFIED);
    assertThat(thread.getLast())
        .contains("Rolled back backend to dep-old at Render, but /health is still DOWN")
        .contains("after 2 min: the rollback is not verified");
    assertThat(pauses.stream().skip(2))
        .allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofSeconds(15)));
    assertThat(auditRows().getLast().detail()).contains("unverified: Rolled back backend");
    assertThat(auditRows().getLast().outcome()).isEqualTo(Outcome.ERROR);
  }

  @Test
  void aDeployThatNeverGoesLiveIsGivenUpAtTheDeadline() throws Exception {
    backendHistory();
    render.on(
        ROLLBACK,
        json(201, renderDeploy("dep-new", "created", "abc1234def567", "Fix tenant filter", T0)));
    render.on(NEW_DEPLOY, ok(renderDeploy("dep-new", "build_in_progress", "abc", "Fix", T0)));
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);

    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.FAILED);
    assertThat(thread.getLast())
        .contains("is not live after 10 min (last status build_in_progress)")
        .contains("check the Render dashboard");
    assertThat(pauses).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofSeconds(30)));
    assertThat(render.requests(ROLLBACK)).hasSize(1);
  }

  @Test
  void autoDeployIsTurnedOffOnRequest() {
    render.on(SERVICE, ok(Fixtures.renderService("srv-backend", true)));
    render.on("PATCH /v1/services/srv-backend", ok(Fixtures.renderService("srv-backend", false)));

    Message answer = rollbacks.disableAutoDeploy("backend", ANA);

    assertThat(answer.fallbackText()).startsWith("Auto-deploy of backend is off (by ana)");
    assertThat(render.requests("PATCH /v1/services/srv-backend").getFirst().getBody().utf8())
        .isEqualTo("{\"autoDeploy\":\"no\"}");
  }

  // --- Vercel ---------------------------------------------------------------------------------

  @Test
  void vercelRollbackPagesDeploymentsAndFollowsTheAliasRequest() throws Exception {
    String project = "GET /v9/projects/prj_erp";
    vercel.on(
        project,
        ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)),
        ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)),
        ok(Fixtures.vercelProject("prj_erp", "dpl_live", "dpl_prev", "in-progress")),
        ok(Fixtures.vercelProject("prj_erp", "dpl_prev", "dpl_prev", "succeeded")));
    vercel.on(
        "GET /v7/deployments",
        erpPage1(),
        erpPage2(),
        ok(Fixtures.vercelPage(List.of(), null)),
        erpPage1(),
        erpPage2(),
        ok(Fixtures.vercelPage(List.of(), null)));
    vercel.on("POST /v1/projects/prj_erp/rollback/dpl_prev", json(201, "{}"));
    health.on("GET /health", ok("{\"status\":\"ok\"}"));

    RollbackPlan plan = rollbacks.plan("erp", null, ANA, false);

    assertThat(plan.current().id()).isEqualTo("dpl_live");
    assertThat(plan.target().id()).isEqualTo("dpl_prev");
    assertThat(plan.target().author()).isEqualTo("devon");
    var lists = vercel.requests("GET /v7/deployments");
    assertThat(lists.get(0).getUrl().queryParameter("projectId")).isEqualTo("prj_erp");
    assertThat(lists.get(0).getUrl().queryParameter("target")).isEqualTo("production");
    assertThat(lists.get(0).getUrl().queryParameter("state")).isEqualTo("READY");
    assertThat(lists.get(1).getUrl().queryParameter("until")).isEqualTo("1764600000000");
    assertThat(lists.get(2).getUrl().queryParameter("state"))
        .isEqualTo("BUILDING,QUEUED,INITIALIZING");
    assertThat(vercel.all())
        .allSatisfy(r -> {
          assertThat(r.getUrl().queryParameter("teamId")).isEqualTo("team_ops");
          assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + VERCEL_TOKEN);
        });

    rollbacks.confirm(plan.id(), ANA);

    assertThat(outcome(plan.id())).isEqualTo(RollbackPlan.State.SUCCEEDED);
    assertThat(vercel.requests("POST /v1/projects/prj_erp/rollback/dpl_prev")).hasSize(1);
    assertThat(thread.get(2))
        .startsWith(
            "REPLY Rolled back erp to dpl_prev (2222222 \u2018Lazy charts\u2019) in 2 s; /health UP");
  }

  private static MockResponse erpPage1() {
    return ok(
        Fixtures.vercelPage(
            List.of(
                Fixtures.vercelDeployment(
                    "dpl_newer",
                    "READY",
                    "9999999aaaa",
                    "Undone release",
                    "sam",
                    T0.minusSeconds(600)),
                Fixtures.vercelDeployment(
                    "dpl_live",
                    "READY",
                    "1111111bbbb",
                    "Checkout tax",
                    "maria",
                    T0.minusSeconds(3600))),
            1764600000000L));
  }

  private static MockResponse erpPage2() {
    return ok(
        Fixtures.vercelPage(
            List.of(
                Fixtures.vercelDeployment(
                    "dpl_prev",
                    "READY",
                    "2222222cccc",
                    "Lazy charts",
                    "devon",
                    T0.minusSeconds(7200))),
            null));
  }

  @Test
  void vercelOffersOnlyDeploymentsItCanRollBackToAndSaysWhyAnotherIsRefused() {
    vercel.on(
        "GET /v9/projects/prj_erp", ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)));
    MockResponse page =
        ok(
            Fixtures.vercelPage(
                List.of(
                    Fixtures.vercelDeployment(
                        "dpl_live", "READY", "1111111bbbb", "Checkout tax", "maria", T0, true),
                    Fixtures.vercelDeployment(
                        "dpl_staged",
                        "READY",
                        "3333333dddd",
                        "Built with --skip-domain",
                        "sam",
                        T0.minusSeconds(3600),
                        false),
                    Fixtures.vercelDeployment(
                        "dpl_prev",
                        "READY",
                        "2222222cccc",
                        "Lazy charts",
                        "devon",
                        T0.minusSeconds(7200),
                        true)),
                null));
    MockResponse none = ok(Fixtures.vercelPage(List.of(), null));
    vercel.on("GET /v7/deployments", page, none, page, none);

    assertThat(rollbacks.plan("erp", null, ANA, false).target().id()).isEqualTo("dpl_prev");
    assertThatThrownBy(() -> rollbacks.plan("erp", "dpl_staged", ANA, false))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(
            "dpl_staged cannot be rolled back to (READY, never served production traffic):"
                + " Vercel rolls back only to deployments that served production traffic");
    assertThat(vercel.requests("POST /v1/projects/prj_erp/rollback/dpl_staged")).isEmpty();
  }

  @Test
  void vercelPagingStopsWhenTheNextPageWouldBeTheSameOne() {
    vercel.on(
        "GET /v9/projects/prj_erp", ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)));
    // A broken answer that always names the same next page.
    vercel.on("GET /v7/deployments", erpPage1());

    assertThatThrownBy(() -> rollbacks.plan("erp", null, ANA, false))
        .isInstanceOf(RollbackRefused.class);
    var lists = vercel.requests("GET /v7/deployments");
    assertThat(lists.stream().filter(r -> r.getUrl().queryParameter("until") != null)).hasSize(1);
  }

  @Test
  void vercelWithOnlyEarlierDeploymentsItWillNotRollBackToHasNoTarget() {
    vercel.on(
        "GET /v9/projects/prj_erp", ok(Fixtures.vercelProject("prj_erp", "dpl_live", null, null)));
    MockResponse page =
        ok(
            Fixtures.vercelPage(
                List.of(
                    Fixtures.vercelDeployment(
                        "dpl_live", "READY", "1111111bbbb", "Checkout tax", "maria", T0, true),
                    Fixtures.vercelDeployment(
                        "dpl_older",
                        "READY",
                        "2222222cccc",
                        "Lazy charts",
                        "devon",
                        T0.minusSeconds(7200),
                        false)),
                null));
    MockResponse none = ok(Fixtures.vercelPage(List.of(), null));
    vercel.on("GET /v7/deployments", page, none, page, none);

    assertThatThrownBy(() -> rollbacks.plan("erp", null, ANA, false))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining("the platform will not roll back to 1 earlier deploy");
  }

  @Test
  void aDeployThatStartedAfterThePlanBlocksTheConfirmation() throws Exception {
    backendHistory();
    RollbackPlan plan = rollbacks.plan("backend", null, ANA, false);
    render.on(
        LIST,
        ok(
            renderPage(
                List.of(
                    deploy("dep-hotfix", "build_in_progress", "beef00", "Hotfix", 0),
                    deploy("dep-live", "live", "f00dfacecafe", "Batch invoice sync", 1),
                    deploy("dep-old", "deactivated", "abc1234def567", "Fix tenant filter", 5)),
                0)));

    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .isInstanceOf(RollbackRefused.class)
        .hasMessageContaining(
            "A deploy of backend started since plan #"
                + plan.id()
                + " (dep-hotfix, build_in_progress)")
        .hasMessageContaining("nothing was rolled back");

    render.on(
        LIST,
        ok(
            renderPage(
                List.of(
                    deploy("dep-hotfix", "live", "beef00", "Hotfix", 0),
                    deploy("dep-live", "deactivated", "f00dfacecafe", "Batch invoice sync", 1)),
                0)));
    assertThatThrownBy(() -> rollbacks.confirm(plan.id(), ANA))
        .hasMessageContaining(
            "The live deploy of backend changed since plan #" + plan.id() + " (now dep-hotfix)");
    assertThat(render.requests(ROLLBACK)).isEmpty();
    assertThat(store.find(plan.id()).orElseThrow().state()).isEqualTo(RollbackPlan.State.PENDING);
  }

  @Test
  void vercelErrorsNameTheProviderAndItsReason() {
    vercel.on(
        "GET /v9/projects/prj_erp",
        json(
            403,
            "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized for team_ops\"}}"));

    assertThatThrownBy(() -> rollbacks.plan("erp", null, ANA, false))
        .hasMessageContaining(
            "Vercel refused (403) reading project prj_erp: the token in VERCEL_TOKEN has no access")
        .hasMessageContaining("Vercel says: \u201cNot authorized for team_ops\u201d");
  }
}
