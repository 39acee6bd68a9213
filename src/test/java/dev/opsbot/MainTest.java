package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "key-for-tests-123",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "pw-for-tests-456");

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.execute(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void checkConfigSummarisesTheShippedFleetConfiguration() {
    Run run = run(FLEET_ENV, "check-config", "--config", "config/opsbot.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("config/opsbot.yaml is valid.")
        .contains("services (6):")
        .contains(
            "ai-agents  render  https://brainops-ai-agents.onrender.com/health  + usage, scheduler, metrics  headers: X-API-Key")
        .contains("command-center  vercel  https://brainops-command-center.vercel.app/api/health")
        .contains("databases (1): supabase")
        .contains("aurea: ai-agents (usage, scheduler; 61 jobs expected)")
        .contains(
            "alert rules (9): service-down (critical), service-degraded (warning), error-rate"
                + " (critical), p99-latency (warning), db-latency (warning), aurea-not-running"
                + " (critical), scheduler-jobs (warning), memory (warning), heartbeat-missed"
                + " (critical)")
        .contains("heartbeats (1): scheduler every 5m (grace 2m), off: its token is not set")
        .contains("alert channels: #ops-critical, #ops-alerts")
        .contains(
            "maintenance windows: render-deploys (backend, ai-agents, mcp-bridge) every Sunday"
                + " 02:00-03:00 America/Denver");
    assertThat(run.out() + run.err()).doesNotContain("key-for-tests-123", "pw-for-tests-456");
  }

  @Test
  void checkConfigNamesTheRulesFileTheRuleAndTheReason(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("alerts/rules.yaml");
    Files.createDirectories(rules.resolveSibling("runbooks"));
    Files.writeString(rules.resolveSibling("runbooks/restart.md"), "# Restart\n");
    Files.writeString(
        rules,
        """
        routes:
          critical: "#ops-critical"
        rules:
          - id: service-down
            summary: "{service} is down"
            when: {status: DOWN}
            severity: critical
            runbook: restart
          - id: error-rate
            summary: "{service} errors"
            when: {endpoint: metrics, field: errorRate, above: 5}
            severity: urgent
            runbook: investigate
        """);

    Run run =
        run(
            FLEET_ENV,
            "check-config",
            "--config",
            "config/opsbot.yaml",
            "--rules",
            rules.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            rules
                + ": rules[1] (id error-rate).severity: unknown severity 'urgent': use one of"
                + " critical, warning, info")
        .contains(
            rules
                + ": rules[1] (id error-rate).when: no service in config/opsbot.yaml defines the"
                + " field 'errorRate' of an endpoint 'metrics'")
        .contains(rules + ": rules[1] (id error-rate).runbook: no runbook 'investigate'")
        .contains("The configuration has 3 problem(s)")
        .doesNotContain("service-down");
  }

  @Test
  void checkConfigWithoutRulesSaysThereAreNone(@TempDir Path dir) {
    Run run =
        run(
            FLEET_ENV,
            "check-config",
            "--config",
            "config/opsbot.yaml",
            "--rules",
            dir.resolve("rules.yaml").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("alert rules: none");
  }

  @Test
  void checkConfigListsEveryProblemAndExitsWithTwo(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken,
        """
        services:
          - id: backend
            baseUrl: https://backend.example.com
            healthPth: /health
          - id: erp
            baseUrl: not a url
        """);

    Run run = run(Map.of(), "check-config", "--config", broken.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            broken + ": services[0].healthPth: unknown key 'healthPth': did you mean 'healthPath'?")
        .contains(broken + ": services[1].baseUrl: 'not a url' is not")
        .contains("The configuration has 2 problem(s)");
  }

  @Test
  void checkConfigNamesTheMissingEnvironmentVariables() {
    Run run = run(Map.of(), "check-config", "--config", "config/opsbot.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("services[0].headers.X-API-Key: environment variable BRAINOPS_API_KEY is not set")
        .contains("databases.supabase.url: environment variable SUPABASE_DB_URL is not set")
        .contains(
            "databases.supabase.password: environment variable SUPABASE_DB_PASSWORD is not set");
  }

  @Test
  void missingConfigurationFileIsAConfigurationError() {
    Run run = run(Map.of(), "check-config", "--config", "config/nope.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("config/nope.yaml: (top level): file not found");
  }

  @Test
  void runWithABrokenConfigurationExitsWithTwoBeforeStartingAnything() {
    Run run = run(Map.of(), "run", "--config", "config/opsbot.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("BRAINOPS_API_KEY is not set");
  }

  @Test
  void checkConfigSaysWhereDiscordCommandsGoAndRefusesABrokenDiscordSetting() {
    Map<String, String> withDiscord = new java.util.HashMap<>(FLEET_ENV);
    withDiscord.put(
        "DISCORD_TOKEN", "MTEwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123");
    withDiscord.put("DISCORD_GUILD_ID", "1100000000000000001");
    Map<String, String> guildOnly = new java.util.HashMap<>(FLEET_ENV);
    guildOnly.put("DISCORD_GUILD_ID", "1100000000000000001");

    Run off = run(FLEET_ENV, "check-config", "--config", "config/opsbot.yaml");
    Run on = run(withDiscord, "check-config", "--config", "config/opsbot.yaml");
    Run broken = run(guildOnly, "run", "--config", "config/opsbot.yaml");

    assertThat(off.out()).contains("  discord: off (DISCORD_TOKEN not set)");
    assertThat(on.out())
        .contains("  discord: on, commands registered in server 1100000000000000001")
        .doesNotContain("abcdefghijklmnopqrstuvwxyz0123");
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err()).contains("environment: DISCORD_TOKEN: not set");
  }

  @Test
  void versionIsPrinted() {
    Run run = run(Map.of(), "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("opsbot ");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    Run run = run(Map.of(), "deploy");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("Unmatched argument").contains("deploy");
  }

  @Test
  void malformedSlackTokenStopsStartUpAndNamesTheVariable() {
    Map<String, String> env = new java.util.HashMap<>(FLEET_ENV);
    env.put("SLACK_BOT_TOKEN", "xoxp-a-user-token-999");
    env.put("SLACK_APP_TOKEN", "xapp-1-abc");

    Run run = run(env, "run", "--config", "config/opsbot.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("SLACK_BOT_TOKEN: does not look like a bot token")
        .doesNotContain("xoxp-a-user-token-999");
  }

  @Test
  void checkConfigAndRunRefuseAChatTokenWithACarriageReturnNamingOnlyTheVariable() {
    Map<String, String> slack = new java.util.HashMap<>(FLEET_ENV);
    slack.put("SLACK_BOT_TOKEN", "xoxb-1-crlf-token\r");
    slack.put("SLACK_APP_TOKEN", "xapp-1-abc");
    Map<String, String> discord = new java.util.HashMap<>(FLEET_ENV);
    discord.put(
        "DISCORD_TOKEN", "MTEwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123\r");

    Run checkSlack = run(slack, "check-config", "--config", "config/opsbot.yaml");
    Run runSlack = run(slack, "run", "--config", "config/opsbot.yaml");
    Run checkDiscord = run(discord, "check-config", "--config", "config/opsbot.yaml");

    assertThat(checkSlack.exitCode()).isEqualTo(2);
    assertThat(checkSlack.err())
        .contains("The Slack settings are not usable.")
        .contains("SLACK_BOT_TOKEN: holds a carriage return (\\r) at the end")
        .doesNotContain("crlf-token");
    assertThat(runSlack.exitCode()).isEqualTo(2);
    assertThat(runSlack.err())
        .contains("SLACK_BOT_TOKEN: holds a carriage return")
        .doesNotContain("crlf-token");
    assertThat(checkDiscord.exitCode()).isEqualTo(2);
    assertThat(checkDiscord.err())
        .contains("DISCORD_TOKEN: holds a carriage return (\\r) at the end")
        .doesNotContain("abcdefghijklmnop");
  }
}
