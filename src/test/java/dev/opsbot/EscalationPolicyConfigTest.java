package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert rules name escalation policies of the on-call file; a name it lacks is refused. */
class EscalationPolicyConfigTest {
  private static final String ON_CALL =
      """
      people:
        ana: {name: Ana, slack: U0ANA}
      schedules:
        primary:
          timeZone: UTC
          layers:
            - {members: [ana], shift: weekly, start: 2026-11-30}
      policies:
        critical:
          steps:
            - {after: 0m, schedule: primary}
        warning:
          steps:
            - {after: 30m, schedule: primary}
      """;

  @TempDir Path dir;

  private List<Problem> problems(String escalation, String rulePolicy, String onCall)
      throws IOException {
    Files.writeString(dir.resolve("oncall.yaml"), onCall);
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        escalation
            + """
            routes:
              critical: "#ops-critical"
            rules:
              - id: service-down
                summary: "{service} is down"
                when: {status: DOWN}
                severity: critical
            """
            + (rulePolicy == null ? "" : "    policy: " + rulePolicy + "\n"));
    String main =
        """
        services:
          - id: api
            baseUrl: https://api.example
        oncall:
          file: %s
        """
            .formatted(dir.resolve("oncall.yaml"));
    try {
      Configuration.parse(new ConfigLoader(Map.of()), "opsbot.yaml", main, rules);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream()
          .filter(p -> p.path().startsWith("escalation") || p.path().endsWith(".policy"))
          .toList();
    }
  }

  @Test
  void policiesTheOnCallFileHasAreNoProblem() throws IOException {
    assertThat(
            problems(
                "escalation:\n  policies: {critical: critical, warning: warning}\n",
                "warning",
                ON_CALL))
        .isEmpty();
  }

  @Test
  void anUnknownPolicyIsAProblemNamingTheRulesFileTheKeyAndTheKnownPolicies() throws IOException {
    String rules = dir.resolve("rules.yaml").toString();
    String onCall = dir.resolve("oncall.yaml").toString();

    assertThat(problems("escalation:\n  policies: {critical: critcal}\n", "pager", ON_CALL))
        .containsExactly(
            new Problem(
                rules,
                "escalation.policies.critical",
                "no escalation policy 'critcal' in " + onCall + ": use one of [critical, warning]"),
            new Problem(
                rules,
                "rules[0] (id service-down).policy",
                "no escalation policy 'pager' in " + onCall + ": use one of [critical, warning]"));
  }

  @Test
  void aPolicyForAnUnknownSeverityIsAProblem() throws IOException {
    assertThat(problems("escalation:\n  policies: {urgent: critical}\n", null, ON_CALL))
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "escalation.policies.urgent",
                "unknown severity 'urgent': name a policy for critical, warning, info"));
  }

  @Test
  void namingPoliciesWhenTheOnCallFileHasNoneSaysWhereToAddThem() throws IOException {
    assertThat(
            problems(
                "escalation:\n  policies: {critical: critical}\n",
                null,
                ON_CALL.substring(0, ON_CALL.indexOf("policies:"))))
        .extracting(Problem::message)
        .containsExactly(
            "no escalation policy 'critical': "
                + dir.resolve("oncall.yaml")
                + " has no policies: add one there under policies:");
  }

  @Test
  void theOlderSingleMentionNeedsNoPolicies() throws IOException {
    assertThat(
            problems(
                "escalation:\n  mention: \"<!subteam^S0ONCALL>\"\n  email: [oncall@example.com]\n",
                null,
                ON_CALL.substring(0, ON_CALL.indexOf("policies:"))))
        .isEmpty();
  }

  @Test
  void anIntakeRoutesUnknownPolicyIsAProblemNamingItsKey() throws IOException {
    Files.writeString(dir.resolve("oncall.yaml"), ON_CALL);
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        """
        routes:
          critical: "#ops-critical"
        rules: []
        """);
    String main =
        """
        services:
          - id: api
            baseUrl: https://api.example
        oncall:
          file: %s
        intake:
          routes:
            - name: db-team
              match: {team: db}
              channel: "#db-alerts"
              policy: databse
        """
            .formatted(dir.resolve("oncall.yaml"));

    assertThatThrownBy(
            () -> Configuration.parse(new ConfigLoader(Map.of()), "opsbot.yaml", main, rules))
        .isInstanceOf(ConfigException.class)
        .satisfies(e ->
            assertThat(((ConfigException) e).problems())
                .contains(
                    new Problem(
                        "opsbot.yaml",
                        "intake.routes[0].policy",
                        "no escalation policy 'databse' in "
                            + dir.resolve("oncall.yaml")
                            + ": use one of [critical, warning]")));
  }
}
