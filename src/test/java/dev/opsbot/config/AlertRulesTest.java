package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {
  private static final Path RULES = Path.of("alerts/rules.yaml");
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "test-key-1",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "test-password-2");
  private static final OpsbotConfig FLEET =
      new ConfigLoader(FLEET_ENV).load(Path.of("config/opsbot.yaml"));
  private static final Set<String> RUNBOOKS =
      Set.of("service-not-responding", "aurea-not-running", "database-connection");

  @Nested
  class TheShippedRules {
    private final List<Problem> problems = new ArrayList<>();
    private final AlertRules rules = new ConfigLoader(FLEET_ENV).loadAlertRules(RULES, problems);

    @Test
    void loadAndValidateAgainstTheFleetWithoutProblems() {
      new AlertRulesValidator(
              RULES.toString(),
              "config/opsbot.yaml",
              FLEET,
              AlertRulesValidator.runbooksIn(Path.of("alerts/runbooks")),
              problems)
          .validate(rules);

      assertThat(problems).isEmpty();
    }

    @Test
    void areFleetMdsSixThresholdsAndTheTwoProbeStatuses() {
      assertThat(rules.rules())
          .extracting(AlertRule::id, r -> r.when(), AlertRule::severity)
          .containsExactly(
              tuple("service-down", status("DOWN"), Severity.CRITICAL),
              tuple("service-degraded", status("DEGRADED"), Severity.WARNING),
              tuple("error-rate", above("metrics", "errorRatePercent", 5), Severity.CRITICAL),
              tuple("p99-latency", above("metrics", "p99LatencyMs", 1000), Severity.WARNING),
              tuple("db-latency", above("metrics", "dbLatencyMs", 500), Severity.WARNING),
              tuple(
                  "aurea-not-running",
                  new AlertCondition(null, "usage", "running", null, null, false),
                  Severity.CRITICAL),
              tuple(
                  "scheduler-jobs",
                  new AlertCondition(null, "scheduler", "registeredJobs", null, 61.0, null),
                  Severity.WARNING),
              tuple("memory", above("platform", "memoryPercent", 80), Severity.WARNING),
              tuple(
                  "heartbeat-missed",
                  new AlertCondition(null, null, null, null, null, null, "missed"),
                  Severity.CRITICAL));
    }

    @Test
    void theAureaAndServiceDownRulesCarryRestartAndLogsButtons() {
      assertThat(byId("aurea-not-running").actions()).containsExactly("restart", "logs 15m");
      assertThat(byId("service-down").actions()).containsExactly("restart", "logs 15m");
      assertThat(byId("memory").actions()).isEmpty();
    }

    @Test
    void attachFleetMdsRunbooks() {
      assertThat(rules.rules())
          .extracting(AlertRule::runbook)
          .containsExactly(
              "service-not-responding",
              "service-not-responding",
              "service-not-responding",
              "service-not-responding",
              "database-connection",
              "aurea-not-running",
              "scheduler-jobs",
              null,
              "heartbeat-missed");
    }

    @Test
    void serviceDownWaitsOutARenderColdStart() {
      AlertRule down = rules.effectiveRules().getFirst();

      assertThat(down.holdFor()).isGreaterThan(Duration.ofSeconds(60));
    }

    @Test
    void timingsLeftOutComeFromTheDefaults() {
      AlertRule errorRate = byId("error-rate");

      assertThat(errorRate.holdFor()).isEqualTo(Duration.ofMinutes(2));
      assertThat(errorRate.clearFor()).isEqualTo(rules.defaults().clearFor());
      assertThat(errorRate.repeatEvery()).isEqualTo(rules.defaults().repeatEvery());
      assertThat(errorRate.escalateAfter()).isEqualTo(rules.defaults().escalateAfter());
    }

    @Test
    void routeBySeverity() {
      assertThat(rules.channelFor(byId("service-down"))).contains("#ops-critical");
      assertThat(rules.channelFor(byId("memory"))).contains("#ops-alerts");
      assertThat(rules.channels()).containsExactly("#ops-critical", "#ops-alerts");
    }

    @Test
    void aureaAndSchedulerRulesWatchOnlyTheOrchestrator() {
      assertThat(byId("aurea-not-running").services()).containsExactly("ai-agents");
      assertThat(byId("scheduler-jobs").services()).containsExactly("ai-agents");
      assertThat(byId("error-rate").services()).isEmpty();
    }

    private AlertRule byId(String id) {
      return rules.effectiveRules().stream().filter(r -> r.id().equals(id)).findFirst().get();
    }
  }

  @Test
  void missingFileMeansNoRules(@TempDir Path dir) {
    List<Problem> problems = new ArrayList<>();

    AlertRules rules =
        new ConfigLoader(Map.of()).loadAlertRules(dir.resolve("rules.yaml"), problems);

    assertThat(rules.rules()).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void runbooksAreTheMarkdownFilesBesideTheRules(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("present.md"), "# Present\n");

    var runbooks = AlertRulesValidator.runbooksIn(dir);

    assertThat(runbooks.test("present")).isTrue();
    assertThat(runbooks.test("absent")).isFalse();
  }

  @Test
  void everyBrokenRuleIsReportedAtOnceWithItsPlaceAndId() {
    List<Problem> problems =
        check(
            """
            routes:
              critical: "#ops-critical"
            rules:
              - summary: no id here
                when: {status: DOWN}
                severity: critical
              - id: Error Rate
                summary: x
                when: {status: DOWN}
                severity: critical
              - id: dup
                summary: x
                when: {status: DOWN}
                severity: critical
              - id: dup
                summary: x
                when: {status: DOWN}
                severity: critical
              - id: bad-severity
                summary: x
                when: {status: DOWN}
                severity: urgent
              - id: no-condition
                summary: x
                when: {}
                severity: critical
              - id: two-conditions
                summary: x
                when: {status: DOWN, endpoint: metrics, field: errorRatePercent, above: 5}
                severity: critical
              - id: bad-status
                summary: x
                when: {status: UP}
                severity: critical
              - id: endpoint-only
                summary: x
                when: {endpoint: metrics, above: 5}
                severity: critical
              - id: no-comparison
                summary: x
                when: {endpoint: metrics, field: errorRatePercent}
                severity: critical
              - id: unknown-field
                summary: x
                when: {endpoint: metrics, field: cpuPercent, above: 5}
                severity: critical
              - id: field-not-on-service
                summary: x
                when: {endpoint: usage, field: running, equals: false}
                severity: critical
                services: [backend]
              - id: not-a-number
                summary: x
                when: {endpoint: metrics, field: errorRatePercent, above: five}
                severity: critical
              - id: unknown-service
                summary: x
                when: {status: DOWN}
                severity: critical
                services: [billing]
              - id: missing-runbook
                summary: x
                when: {status: DOWN}
                severity: critical
                runbook: reboot-everything
              - id: no-route
                summary: x
                when: {status: DOWN}
                severity: info
              - id: zero-hold
                summary: x
                when: {status: DOWN}
                severity: critical
                holdFor: 0s
                clearFor: -5s
              - id: no-summary
                when: {status: DOWN}
                severity: critical
              - id: misspelt
                summary: x
                when: {status: DOWN}
                severity: critical
                holdFr: 5m
            """);

    assertThat(problems).allMatch(p -> p.file().equals("alerts/rules.yaml"));
    assertThat(problems)
        .extracting(Problem::path, Problem::message)
        .contains(
            tuple(
                "rules[0].id", "required key is missing: give the rule a short id like error-rate"),
            tuple(
                "rules[1] (id Error Rate).id",
                "'Error Rate' is not a usable id: lower-case letters, digits and dashes, such as"
                    + " error-rate"),
            tuple("rules[3] (id dup).id", "duplicate rule id 'dup': ids must be unique"),
            tuple(
                "rules[4] (id bad-severity).severity",
                "unknown severity 'urgent': use one of critical, warning, info"),
            tuple(
                "rules[5] (id no-condition).when",
                "no condition: give status: DOWN or DEGRADED, or an endpoint and a field with"
                    + " above, below or equals"),
            tuple(
                "rules[6] (id two-conditions).when",
                "more than one condition: give only one of status, above, below or equals (write"
                    + " a second rule for a second threshold)"),
            tuple(
                "rules[7] (id bad-status).when.status",
                "unknown status 'UP': use DOWN or DEGRADED"),
            tuple(
                "rules[18] (id misspelt).holdFr", "unknown key 'holdFr': did you mean 'holdFor'?"),
            tuple("rules[16] (id zero-hold).holdFor", "must be longer than zero"),
            tuple("rules[12] (id not-a-number).when.above", "'five' is not a number"));
    assertThat(problems)
        .extracting(Problem::toString)
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[8] (id endpoint-only).when: ")
                .contains("needs both endpoint and field"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[9] (id no-comparison).when: ")
                .contains("no condition"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[10] (id unknown-field).when: ")
                .contains("no service in config/opsbot.yaml defines the field 'cpuPercent'"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[11] (id field-not-on-service).when: ")
                .contains("service(s) backend in config/opsbot.yaml define no field 'running'"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[13] (id unknown-service).services[0]: ")
                .contains("no service 'billing'")
                .contains("ai-agents, backend"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[14] (id missing-runbook).runbook: ")
                .contains("no alerts/runbooks/reboot-everything.md"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[15] (id no-route).channel: ")
                .contains("no channel and no route for severity info"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("alerts/rules.yaml: rules[17] (id no-summary).summary: ")
                .contains("required key is missing"));
    // -5s is not a duration at all: one problem saying so, not also "must be longer than zero".
    assertThat(problems)
        .filteredOn(p -> p.path().equals("rules[16] (id zero-hold).clearFor"))
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .contains("is not a duration");
    // A value that failed to read is not reported again as a missing condition.
    assertThat(problems).filteredOn(p -> p.path().contains("not-a-number")).hasSize(1);
    // The valid rules among them say nothing.
    assertThat(problems).noneMatch(p -> p.path().startsWith("rules[2]"));
  }

  @Test
  void routesNameOnlyKnownSeveritiesAndDefaultsMustBePositive() {
    List<Problem> problems =
        check(
            """
            defaults:
              repeatEvery: 0s
            routes:
              urgent: "#ops-urgent"
              warning: ""
            rules: []
            """);

    assertThat(problems)
        .extracting(Problem::path)
        .containsExactlyInAnyOrder("defaults.repeatEvery", "routes.urgent", "routes.warning");
  }

  @Test
  void aDiscordEscalationMentionMustBeARoleOrUserMention() {
    String rules =
        """
        escalation:
          mention: "<!subteam^S0ONCALL>"
          discordMention: "%s"
        routes: {critical: "#c"}
        rules: []
        """;

    assertThat(check(rules.formatted("<@&991122334455>"))).isEmpty();
    assertThat(check(rules.formatted("@oncall")))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.path()).isEqualTo("escalation.discordMention");
          assertThat(p.message()).contains("<@&role id>");
        });
  }

  @Test
  void emptyEntryAndMissingConditionAreReported() {
    List<Problem> problems =
        check(
            """
            routes: {critical: "#c"}
            rules:
              -
              - id: no-when
                summary: x
                severity: critical
            """);

    assertThat(problems)
        .extracting(Problem::path)
        .containsExactly("rules[0]", "rules[1] (id no-when).when");
  }

  @Test
  void runbookActionsAreRestartRollbackLogsOrASavedQuery() {
    List<Problem> problems =
        check(
            """
            routes:
              critical: "#ops-critical"
            rules:
              - id: good
                summary: x
                when: {status: DOWN}
                severity: critical
                actions: [restart, rollback, logs, logs 30m, sql failed-jobs]
              - id: bad
                summary: x
                when: {status: DOWN}
                severity: critical
                actions: [reboot, logs forever, restart now, sql]
            """);

    assertThat(problems)
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            tuple(
                "rules[1] (id bad).actions[0]",
                "'reboot' is not an action: restart, rollback, logs 15m or sql <saved query>"),
            tuple(
                "rules[1] (id bad).actions[1]",
                "'forever' is not a window: write logs 15m or logs 1h"),
            tuple("rules[1] (id bad).actions[2]", "'restart now': restart takes nothing more"),
            tuple(
                "rules[1] (id bad).actions[3]",
                "'sql': name one saved query, such as sql failed-jobs"));
  }

  @Test
  void thePlatformEndpointIsReadableOnRenderServicesOnly() {
    List<Problem> problems =
        check(
            """
            routes:
              warning: "#ops-alerts"
            rules:
              - id: memory
                summary: x
                when: {endpoint: platform, field: memoryPercent, above: 80}
                severity: warning
              - id: memory-of-a-vercel-app
                summary: x
                when: {endpoint: platform, field: memoryPercent, above: 80}
                severity: warning
                services: [erp]
            """);

    assertThat(problems)
        .extracting(Problem::path)
        .containsExactly("rules[1] (id memory-of-a-vercel-app).when");
  }

  private static List<Problem> check(String yaml) {
    List<Problem> problems = new ArrayList<>();
    AlertRules rules =
        new ConfigLoader(Map.of()).parseAlertRules("alerts/rules.yaml", yaml, problems);
    new AlertRulesValidator(
            "alerts/rules.yaml", "config/opsbot.yaml", FLEET, RUNBOOKS::contains, problems)
        .validate(rules);
    return problems;
  }

  private static AlertCondition status(String status) {
    return new AlertCondition(status, null, null, null, null, null);
  }

  private static AlertCondition above(String endpoint, String field, double threshold) {
    return new AlertCondition(null, endpoint, field, threshold, null, null);
  }
}
