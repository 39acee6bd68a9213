package dev.opsbot.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * /logs against MockWebServers speaking Render's logs API ({@code GET /v1/logs}, the
 * Logs200Response of render-public-api-schema.ts) and Vercel's runtime logs (a stream of JSON
 * lines): what is asked, what is shown, the cap on a huge answer, masking, and the answers that say
 * what to configure.
 */
class LogsCommandTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  private static final String LEAKED = "sk_live_0123456789abcdef";

  private final FakeClock clock = new FakeClock(NOW);
  private final MockWebServer render = new MockWebServer();
  private final MockWebServer vercel = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    render.start();
    vercel.start();
    // Configured somewhere in opsbot's configuration, so known to the redactor.
    Secret.of(LEAKED);
  }

  @AfterEach
  void stop() {
    render.close();
    vercel.close();
    http.connectionPool().evictAll();
  }

  private LogsCommand command(String ownerId, boolean vercelToken, int shown) {
    RollbackSettings settings =
        new RollbackSettings(
            null,
            null,
            null,
            null,
            new RollbackSettings.RenderApi(
                render.url("/v1").toString(), Secret.of("rnd_key_0123456789"), ownerId),
            new RollbackSettings.VercelApi(
                vercel.url("/").toString(),
                vercelToken ? Secret.of("vercel_token_0123456789") : null,
                "team_ops"),
            Map.of(
                "backend", new RollbackSettings.DeployTarget("render", "srv-backend"),
                "erp", new RollbackSettings.DeployTarget("vercel", "prj_erp")),
            shown,
            null);
    return new LogsCommand(
        new PlatformLogs(settings, List.of("backend", "erp", "database-only"), http, clock), null);
  }

  private static CommandRequest typed(String arguments) {
    return new CommandRequest(
        "logs",
        List.of(),
        Set.of(),
        "/logs " + arguments,
        arguments,
        Caller.console("U0ANA"),
        new AuditNote());
  }

  private static String renderLog(int i, String level, String message, Instant at) {
    return """
    {"id":"log-%d","message":"%s","timestamp":"%s","labels":[{"name":"resource","value":\
    "srv-backend"},{"name":"instance","value":"srv-backend-abc12"},{"name":"level","value":"%s"},\
    {"name":"type","value":"app"}]}\
    """
        .formatted(i, message, at, level);
  }

  /** Render's answer: newest first (direction=backward). */
  private static String renderPage(List<String> newestFirst) {
    return "{\"hasMore\":false,\"nextStartTime\":\"2026-12-02T08:45:00Z\",\"nextEndTime\":"
        + "\"2026-12-02T08:45:00Z\",\"logs\":["
        + String.join(",", newestFirst)
        + "]}";
  }

  private static List<Block.File> files(Message message) {
    return message.blocks().stream()
        .filter(b -> b instanceof Block.File)
        .map(b -> (Block.File) b)
        .toList();
  }

  private static String code(Message message) {
    return message.blocks().stream()
        .filter(b -> b instanceof Block.Code)
        .map(b -> ((Block.Code) b).text())
        .findFirst()
        .orElse("");
  }

  @Test
  void renderLogsAreAskedAsTheSpecSaysAndShownNewestLastWithEveryLineInAFile() throws Exception {
    List<String> newestFirst = new ArrayList<>();
    for (int i = 50; i >= 1; i--) {
      newestFirst.add(
          renderLog(i, i % 10 == 0 ? "error" : "info", "line " + i, NOW.minusSeconds(60 - i)));
    }
    render.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(renderPage(newestFirst))
            .build());

    Message answer =
        command("tea-ops", true, 5)
            .execute(typed("backend --since 30m --grep \"line\" --level error"));

    RecordedRequest request = render.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/logs");
    assertThat(request.getUrl().queryParameter("ownerId")).isEqualTo("tea-ops");
    assertThat(request.getUrl().queryParameter("resource")).isEqualTo("srv-backend");
    assertThat(request.getUrl().queryParameter("startTime")).isEqualTo("2026-12-02T08:30:00Z");
    assertThat(request.getUrl().queryParameter("endTime")).isEqualTo("2026-12-02T09:00:00Z");
    assertThat(request.getUrl().queryParameter("direction")).isEqualTo("backward");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("100");
    assertThat(request.getUrl().queryParameter("text")).isEqualTo("*line*");
    assertThat(request.getUrl().queryParameter("level")).isEqualTo("error");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer rnd_key_0123456789");
    // The stand-in ignores the filters; opsbot applies them too.
    assertThat(answer.fallbackText())
        .isEqualTo(
            "Logs of backend, last 30 min, containing \u201cline\u201d, level error: 5 lines");
    assertThat(code(answer).lines().toList())
        .containsExactly(
            "08:59:10 ERROR line 10",
            "08:59:20 ERROR line 20",
            "08:59:30 ERROR line 30",
            "08:59:40 ERROR line 40",
            "08:59:50 ERROR line 50");
    assertThat(files(answer))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.name()).isEqualTo("backend-logs.txt");
          assertThat(f.content()).startsWith("2026-12-02T08:59:10Z error line 10\n");
        });
  }

  @Test
  void atMostTheConfiguredNumberOfLinesIsShownAndTheFileHoldsThemAll() {
    List<String> newestFirst = new ArrayList<>();
    for (int i = 30; i >= 1; i--) {
      newestFirst.add(renderLog(i, "info", "request " + i, NOW.minusSeconds(60 - i)));
    }
    render.enqueue(new MockResponse.Builder().code(200).body(renderPage(newestFirst)).build());

    Message answer = command("tea-ops", true, 4).execute(typed("backend"));

    assertThat(code(answer).lines().toList())
        .hasSize(4)
        .last()
        .isEqualTo("08:59:30 INFO request 30");
    assertThat(files(answer).getFirst().content().lines()).hasSize(30);
    assertThat(answer.blocks())
        .anySatisfy(b ->
            assertThat(b)
                .isEqualTo(
                    new Block.Context("The newest 4 of 30 lines; all of them are in the file.")));
  }

  @Test
  @Timeout(20)
  void aTenMegabyteAnswerIsReadOnlyUpToTheCapAndStillAnswered() {
    StringBuilder body = new StringBuilder("{\"hasMore\":true,\"logs\":[");
    int i = 0;
    String padding = "x".repeat(900);
    while (body.length() < 10 * 1024 * 1024) {
      if (i > 0) {
        body.append(',');
      }
      body.append(renderLog(i, "info", "entry " + i + " " + padding, NOW.minusSeconds(5)));
      i++;
    }
    body.append("]}");
    render.enqueue(
        new MockResponse.Builder().code(200).body(new Buffer().writeUtf8(body.toString())).build());

    Message answer = command("tea-ops", true, 40).execute(typed("backend"));

    assertThat(files(answer).getFirst().content().lines().count())
        .isPositive()
        .isLessThan(PlatformLogs.MAX_BYTES / 900);
    assertThat(answer.blocks())
        .anySatisfy(b ->
            assertThat(b)
                .isEqualTo(
                    new Block.Context(
                        "Render's answer was longer than 1024 KiB; read that much.")));
  }

  @Test
  void aConfiguredSecretInsideALogLineIsMasked() {
    render.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                renderPage(
                    List.of(
                        renderLog(
                            1,
                            "error",
                            "stripe call failed with key " + LEAKED + " (401)",
                            NOW.minusSeconds(3)))))
            .build());

    Message answer = command("tea-ops", true, 40).execute(typed("backend"));

    assertThat(code(answer)).contains("stripe call failed with key ****** (401)");
    assertThat(answer.toString()).doesNotContain(LEAKED);
  }

  @Test
  void vercelRuntimeLogsOfTheProductionDeploymentAreFilteredHere() throws Exception {
    vercel.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "{\"id\":\"prj_erp\",\"name\":\"weathercraft-erp\",\"targets\":{\"production\":{\"id\":\"dpl_live\"}}}")
            .build());
    String stream =
        """
        {"level":"info","message":"GET /api/health 200","rowId":"r1","source":"serverless","timestampInMs":%d,"domain":"erp.example","messageTruncated":false,"requestMethod":"GET","requestPath":"/api/health","responseStatusCode":200}
        {"level":"error","message":"Error: connect ECONNREFUSED","rowId":"r2","source":"serverless","timestampInMs":%d,"domain":"erp.example","messageTruncated":false,"requestMethod":"GET","requestPath":"/api/jobs","responseStatusCode":500}
        {"level":"error","message":"too old to show","rowId":"r0","source":"serverless","timestampInMs":%d,"domain":"erp.example","messageTruncated":false,"requestMethod":"GET","requestPath":"/","responseStatusCode":500}
        """
            .formatted(
                NOW.minusSeconds(30).toEpochMilli(),
                NOW.minusSeconds(20).toEpochMilli(),
                NOW.minus(Duration.ofHours(2)).toEpochMilli());
    vercel.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/stream+json")
            .body(stream)
            .build());

    Message answer = command("tea-ops", true, 40).execute(typed("erp --level error"));

    vercel.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest logs = vercel.takeRequest(5, TimeUnit.SECONDS);
    assertThat(logs.getUrl().encodedPath())
        .isEqualTo("/v1/projects/prj_erp/deployments/dpl_live/runtime-logs");
    assertThat(logs.getUrl().queryParameter("teamId")).isEqualTo("team_ops");
    assertThat(code(answer)).isEqualTo("08:59:40 ERROR Error: connect ECONNREFUSED");
  }

  @Test
  void anUnknownServiceAndUnconfiguredLogsSayWhatToDo() {
    assertThatThrownBy(() -> command("tea-ops", true, 40).execute(typed("nosuch")))
        .isInstanceOf(CommandFailedException.class)
        .hasMessage("unknown service 'nosuch': logs are readable for backend, erp.");
    assertThatThrownBy(() -> command("tea-ops", true, 40).execute(typed("database-only")))
        .hasMessageStartingWith(
            "logs not configured for database-only: add it under rollback.services");
    assertThatThrownBy(() -> command(null, true, 40).execute(typed("backend")))
        .hasMessageStartingWith(
            "logs not configured for backend: set rollback.render.ownerId (RENDER_OWNER_ID");
    assertThatThrownBy(() -> command("tea-ops", false, 40).execute(typed("erp")))
        .hasMessage("logs not configured for erp: set VERCEL_TOKEN (a Vercel API token).");
    assertThat(render.getRequestCount() + vercel.getRequestCount()).isZero();
  }

  @Test
  void aRateLimitedOrFailingPlatformAnswersClearly() {
    render.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "30").body("{}").build());
    render.enqueue(
        new MockResponse.Builder()
            .code(503)
            .body("{\"id\":\"x\",\"message\":\"logs backend unavailable\"}")
            .build());
    LogsCommand command = command("tea-ops", true, 40);

    assertThatThrownBy(() -> command.execute(typed("backend")))
        .hasMessage(
            "Render is rate-limiting opsbot (429) while reading the logs of srv-backend: try again in 30 s.");
    assertThatThrownBy(() -> command.execute(typed("backend")))
        .hasMessage(
            "Render failed (503) while reading the logs of srv-backend: try again shortly. Render"
                + " says: \u201clogs backend unavailable\u201d.");
  }

  @Test
  void badOptionsAreUsageErrors() {
    LogsCommand command = command("tea-ops", true, 40);
    assertThatThrownBy(() -> command.execute(typed("backend --since forever")))
        .hasMessageContaining("'forever' is not a duration");
    assertThatThrownBy(() -> command.execute(typed("backend --level loud")))
        .hasMessageContaining("--level is one of error, warning, info, debug");
    assertThatThrownBy(() -> command.execute(typed("--since 5m")))
        .hasMessageContaining("give the service");
  }
}
