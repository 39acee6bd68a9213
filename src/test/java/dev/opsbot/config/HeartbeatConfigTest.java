package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** heartbeats: in opsbot.yaml: what the shipped file holds, and what each mistake is told. */
class HeartbeatConfigTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "test-key-1",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "test-password-2");
  private static final String SERVICES =
      """
      services:
        - id: backend
          baseUrl: https://backend.example
      """;

  private static List<String> problems(String heartbeats) {
    try {
      new ConfigLoader(Map.of("HB_TOKEN", "a-token-long-enough-1234"))
          .parse("opsbot.yaml", SERVICES + heartbeats);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void theShippedSchedulerMonitorIsOffUntilItsTokenIsSet() {
    OpsbotConfig off = new ConfigLoader(FLEET_ENV).load(Path.of("config/opsbot.yaml"));
    Map<String, String> env = new HashMap<>(FLEET_ENV);
    env.put("OPSBOT_HEARTBEAT_SCHEDULER_TOKEN", "sched-token-0123456789abcdef");
    OpsbotConfig on = new ConfigLoader(env).load(Path.of("config/opsbot.yaml"));

    assertThat(off.heartbeats()).singleElement().satisfies(h -> assertThat(h.on()).isFalse());
    HeartbeatConfig scheduler = on.heartbeats().getFirst();
    assertThat(scheduler.id()).isEqualTo("scheduler");
    assertThat(scheduler.on()).isTrue();
    assertThat(scheduler.every()).isEqualTo(Duration.ofMinutes(5));
    assertThat(scheduler.grace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(scheduler.token().toString()).doesNotContain("sched-token");
  }

  @Test
  void aPeriodicAndADailyMonitorAreRead() {
    OpsbotConfig config =
        new ConfigLoader(Map.of("HB_TOKEN", "a-token-long-enough-1234"))
            .parse(
                "opsbot.yaml",
                SERVICES
                    + """
                    heartbeats:
                      - id: scheduler
                        token: ${HB_TOKEN}
                        every: 5m
                        grace: 1m
                      - id: backup
                        name: Nightly backup
                        token: ${HB_TOKEN}
                        by: 03:30
                        timeZone: Europe/Berlin
                    """);

    assertThat(config.heartbeats()).hasSize(2);
    assertThat(config.heartbeats().get(0).name()).isEqualTo("scheduler");
    assertThat(config.heartbeats().get(1).by()).as("unquoted, still a time").isEqualTo("03:30");
  }

  @Test
  void bothSchedulesOrNeitherAreRefusedSayingWhatToWrite() {
    assertThat(
            problems(
                """
                heartbeats:
                  - id: a
                    token: ${HB_TOKEN}
                    every: 5m
                    grace: 1m
                    by: "03:30"
                    timeZone: UTC
                  - id: b
                    token: ${HB_TOKEN}
                """))
        .containsExactly(
            "opsbot.yaml: heartbeats[0]: both every: and by: given: a heartbeat is either"
                + " periodic (every: 5m, grace: 1m) or daily (by: \"03:30\", timeZone:"
                + " Europe/Berlin), not both",
            "opsbot.yaml: heartbeats[1]: no schedule: give every: 5m and grace: 1m (a ping at"
                + " least that often), or by: \"03:30\" and timeZone: Europe/Berlin (a ping each"
                + " day by then)");
  }

  @Test
  void eachMistakeNamesItsKey() {
    assertThat(
            problems(
                """
                heartbeats:
                  - id: backend
                    token: ${HB_TOKEN}
                    every: 5m
                  - id: Backup Job
                    token: x1y2z3
                    by: "25:00"
                    timeZone: Mars/Olympus
                  - id: nightly
                    token: ${HB_TOKEN}
                    by: "03:30"
                  - id: nightly
                    token: ${HB_TOKEN}
                    every: 1h
                    grace: 5m
                """))
        .containsExactly(
            "opsbot.yaml: heartbeats[0].id: 'backend' is already a service or database id:"
                + " alerts name both alike, pick another",
            "opsbot.yaml: heartbeats[0].grace: required with every: how late a ping may be before"
                + " it counts as missed, such as 1m",
            "opsbot.yaml: heartbeats[1].id: 'Backup Job' is not a usable id: lower-case letters,"
                + " digits and dashes, such as nightly-backup",
            "opsbot.yaml: heartbeats[1].token: too short to guess at: use 16 characters or more,"
                + " such as the output of openssl rand -hex 24",
            "opsbot.yaml: heartbeats[1].by: '25:00' is not a time of day: write it as \"03:30\"",
            "opsbot.yaml: heartbeats[1].timeZone: 'Mars/Olympus' is not a time zone: use a name"
                + " such as Europe/Berlin",
            "opsbot.yaml: heartbeats[2].timeZone: required with by: the zone the time is meant"
                + " in, such as Europe/Berlin or UTC",
            "opsbot.yaml: heartbeats[3].id: duplicate heartbeat id 'nightly': ids must be unique");
  }

  @Test
  void aHeartbeatRuleListsHeartbeatIdsNotServices() {
    OpsbotConfig fleet =
        new ConfigLoader(Map.of("HB_TOKEN", "a-token-long-enough-1234"))
            .parse(
                "opsbot.yaml",
                SERVICES
                    + """
                    heartbeats:
                      - id: scheduler
                        token: ${HB_TOKEN}
                        every: 5m
                        grace: 1m
                    """);
    List<Problem> problems = new java.util.ArrayList<>();
    AlertRules rules =
        new ConfigLoader(Map.of())
            .parseAlertRules(
                "rules.yaml",
                """
                routes:
                  critical: "#ops-critical"
                rules:
                  - id: heartbeat-missed
                    summary: "{service} missed its heartbeat: {reason}"
                    when:
                      heartbeat: missed
                    severity: critical
                    services: [scheduler, backend]
                  - id: heartbeat-odd
                    summary: "{service}"
                    when:
                      heartbeat: late
                    severity: critical
                """,
                problems);
    new AlertRulesValidator("rules.yaml", "opsbot.yaml", fleet, name -> true, problems)
        .validate(rules);

    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "rules.yaml: rules[0] (id heartbeat-missed).services[1]: no heartbeat 'backend' in"
                + " opsbot.yaml: a heartbeat rule lists heartbeat ids, use one of scheduler",
            "rules.yaml: rules[1] (id heartbeat-odd).when.heartbeat: 'late' is not a heartbeat"
                + " condition: write heartbeat: missed");
  }
}
