package dev.opsbot.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.opsbot.admin.AdminServer;
import dev.opsbot.config.Secret;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Pings over real HTTP on loopback into two "replicas" (each its own admin server, pool, store and
 * probe) sharing one real PostgreSQL: what a job's curl is answered, and what each replica judges.
 */
class HeartbeatPingIT {
  private static final String SCHEDULER_TOKEN = "scheduler-token-0123456789";
  private static final String BACKUP_TOKEN = "backup-token-9876543210abc";
  private static final Heartbeat SCHEDULER =
      new Heartbeat(
          "scheduler",
          "AI Agents scheduler",
          Secret.of(SCHEDULER_TOKEN),
          new Expectation.Every(Duration.ofMinutes(5), Duration.ofMinutes(1)));
  private static final Heartbeat BACKUP =
      new Heartbeat(
          "backup",
          "Nightly backup",
          Secret.of(BACKUP_TOKEN),
          new Expectation.Daily(
              java.time.LocalTime.of(3, 30), java.time.ZoneId.of("Europe/Berlin"), Duration.ZERO));

  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> open = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private Replica a;
  private Replica b;

  private record Replica(AdminServer admin, HeartbeatStore store, HeartbeatProbe probe) {
    String url(String path) {
      return "http://127.0.0.1:" + admin.port() + path;
    }
  }

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    a = replica();
    b = replica();
  }

  private Replica replica() {
    StateDatabase state =
        new StateDatabase(
            "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
    open.add(state);
    HeartbeatStore store = new HeartbeatStore(state);
    PingHandler handler = new PingHandler(new Monitors(List.of(SCHEDULER, BACKUP)), store, clock);
    AdminServer admin =
        AdminServer.start(
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            "test",
            List.of(),
            handler.routes());
    open.add(admin);
    return new Replica(admin, store, new HeartbeatProbe(SCHEDULER, store, clock));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable each : open.reversed()) {
      each.close();
    }
    postgres.close();
  }

  private HttpResponse<String> post(String url, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPingTakenByOneReplicaIsTheLastPingTheOtherJudgesBy() throws Exception {
    HttpResponse<String> ping = post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");

    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("OK\n");
    ProbeResult seenByB = b.probe().run();
    assertThat(seenByB.status()).isEqualTo(ProbeStatus.UP);
    assertThat(seenByB.field("lastPingAt").orElseThrow().asText())
        .isEqualTo("2026-12-05T10:00:00Z");
    assertThat(seenByB.reason()).isEqualTo("last ping 10:00, next by 10:05 UTC");

    clock.advance(Duration.ofMinutes(3));
    HttpResponse<String> cron = get(b.url("/heartbeat/scheduler?token=" + SCHEDULER_TOKEN));
    assertThat(cron.statusCode()).isEqualTo(200);
    assertThat(a.store().read("scheduler"))
        .isEqualTo(new LastPings(Instant.parse("2026-12-05T10:03:00Z"), null, 2));
  }

  @Test
  void aMissedPeriodIsDownOnBothReplicasAndTheNextPingBringsItBack() throws Exception {
    post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");
    clock.advance(Duration.ofMinutes(6).plusSeconds(1));

    ProbeResult late = b.probe().run();
    assertThat(late.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(late.reason()).isEqualTo("no ping since 10:00, expected by 10:05 UTC");
    assertThat(a.probe().run().status()).isEqualTo(ProbeStatus.DOWN);

    post(b.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");
    assertThat(a.probe().run().status()).isEqualTo(ProbeStatus.UP);
  }

  @Test
  void aFailureReportedAtFailIsDownAtOnceUntilTheNextGoodPing() throws Exception {
    post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");
    clock.advance(Duration.ofSeconds(30));

    HttpResponse<String> fail =
        post(b.url("/heartbeat/scheduler/fail"), SCHEDULER_TOKEN, "exit code 2");

    assertThat(fail.statusCode()).isEqualTo(200);
    assertThat(fail.body()).isEqualTo("OK, failure recorded\n");
    ProbeResult failing = a.probe().run();
    assertThat(failing.status()).isEqualTo(ProbeStatus.DOWN);
    assertThat(failing.reason())
        .isEqualTo("the job reported a failure at 10:00 UTC; last good ping 10:00");
    clock.advance(Duration.ofSeconds(30));
    post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");
    assertThat(b.probe().run().status()).isEqualTo(ProbeStatus.UP);
  }

  @Test
  void aWrongTokenAndAnUnknownIdGetTheSameAnswerWithoutAValidToken() throws Exception {
    HttpResponse<String> wrongToken = post(a.url("/heartbeat/scheduler"), BACKUP_TOKEN, "");
    HttpResponse<String> noToken = post(a.url("/heartbeat/scheduler"), null, "");
    HttpResponse<String> unknownId = post(a.url("/heartbeat/payroll"), "guess-1234567890", "");
    HttpResponse<String> wrongQuery = get(a.url("/heartbeat/scheduler?token=guess"));

    for (HttpResponse<String> refused : List.of(wrongToken, noToken, unknownId, wrongQuery)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).isEqualTo("unknown heartbeat or wrong token\n");
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"heartbeat\"");
    }
    assertThat(a.store().read("scheduler")).isEqualTo(LastPings.NONE);
  }

  @Test
  void refusedPingsAreLoggedByKnownIdOnlyAndNoTokenEverIs() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger handlerLogs = (Logger) LoggerFactory.getLogger(PingHandler.class);
    handlerLogs.addAppender(logs);
    try {
      post(a.url("/heartbeat/scheduler"), BACKUP_TOKEN, "");
      get(a.url("/heartbeat/%3Cscript%3E?token=guess-token-123456"));
      post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");
    } finally {
      handlerLogs.detachAppender(logs);
    }

    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines)
        .containsExactly(
            "event=heartbeat_refused heartbeat=scheduler reason=\"wrong or missing token, or"
                + " unknown id\"",
            "event=heartbeat_refused heartbeat=(unknown) reason=\"wrong or missing token, or"
                + " unknown id\"");
    assertThat(String.join("\n", lines))
        .doesNotContain(BACKUP_TOKEN, SCHEDULER_TOKEN, "guess-token", "script");
  }

  @Test
  void aCallerHoldingAValidTokenIsToldTheIdDoesNotExist() throws Exception {
    HttpResponse<String> typo = post(a.url("/heartbeat/schedulr"), SCHEDULER_TOKEN, "");

    assertThat(typo.statusCode()).isEqualTo(404);
    assertThat(typo.body()).isEqualTo("no such heartbeat\n");
  }

  @Test
  void aBodyOverTenKibIsRefusedAndNothingIsStored() throws Exception {
    HttpResponse<String> big =
        post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "x".repeat(PingHandler.MAX_BODY + 1));
    HttpResponse<String> justFits =
        post(a.url("/heartbeat/backup"), BACKUP_TOKEN, "y".repeat(PingHandler.MAX_BODY));

    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).isEqualTo("body too large: at most 10240 bytes\n");
    assertThat(a.store().read("scheduler")).isEqualTo(LastPings.NONE);
    assertThat(justFits.statusCode()).isEqualTo(200);
  }

  @Test
  void aPingTheStateDatabaseCannotStoreIsAnsweredWithARetryableError() throws Exception {
    postgres.close();

    HttpResponse<String> ping = post(a.url("/heartbeat/scheduler"), SCHEDULER_TOKEN, "");

    assertThat(ping.statusCode()).isEqualTo(503);
    assertThat(ping.body())
        .isEqualTo("not recorded: opsbot's state database is unavailable, try again\n");
  }

  @Test
  void otherMethodsAndPathsAreRefused() throws Exception {
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(a.url("/heartbeat/scheduler")))
                .header("Authorization", "Bearer " + SCHEDULER_TOKEN)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> deeper =
        post(a.url("/heartbeat/scheduler/start/now"), SCHEDULER_TOKEN, "");

    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
    assertThat(deeper.statusCode()).isEqualTo(404);
    assertThat(a.store().read("scheduler")).isEqualTo(LastPings.NONE);
  }
}
