package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.access.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Discord role grants and Discord alert channels are checked like the rest of the configuration.
 */
class DiscordConfigTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "test-key-1",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "test-password-2");
  private static final String ONCALL_ROLE = "1100000000000000001";

  private static String fleetWithDiscordRoles(String roles) throws Exception {
    String yaml = Files.readString(Path.of("config/opsbot.yaml"));
    String grant = "slackUserGroups: [S0ONCALL]";
    assertThat(yaml).contains(grant);
    return yaml.replace(grant, grant + "\n      discordRoles: " + roles);
  }

  @Test
  void aDiscordRoleGrantGivesItsMembersTheRole() throws Exception {
    OpsbotConfig config =
        new ConfigLoader(FLEET_ENV)
            .parse("config/opsbot.yaml", fleetWithDiscordRoles("[\"" + ONCALL_ROLE + "\"]"));
    AccessPolicy access =
        new AccessPolicy(config.access(), GroupDirectory.NONE, "config/opsbot.yaml");

    Caller member =
        new Caller(
            "discord", "1200000000000000002", "dana", "1300000000000000003", Set.of(ONCALL_ROLE));
    Caller other =
        new Caller("discord", "1200000000000000004", "eve", "1300000000000000003", Set.of());

    assertThat(access.roleOf(member)).isEqualTo(Role.ONCALL);
    assertThat(access.roleOf(other)).isEqualTo(Role.VIEWER);
  }

  @Test
  void aDiscordRoleThatIsNoIdIsReportedWithWhereToFindTheId() throws Exception {
    String yaml = fleetWithDiscordRoles("[\"oncall\", \"" + ONCALL_ROLE + "\"]");

    assertThatThrownBy(() -> new ConfigLoader(FLEET_ENV).parse("config/opsbot.yaml", yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e ->
            assertThat(((ConfigException) e).problems())
                .extracting(Problem::toString)
                .containsExactly(
                    "config/opsbot.yaml: access.roles.oncall.discordRoles[0]: 'oncall' is not a"
                        + " Discord role id (17 to 20 digits, quoted): turn on Developer Mode, then"
                        + " Server Settings > Roles > right-click the role > Copy Role ID"));
  }

  @Test
  void alertRoutesMayNameDiscordChannelsByIdOnly() {
    OpsbotConfig fleet = new ConfigLoader(FLEET_ENV).load(Path.of("config/opsbot.yaml"));
    List<Problem> problems = new ArrayList<>();
    AlertRules rules =
        new ConfigLoader(FLEET_ENV)
            .parseAlertRules(
                "rules.yaml",
                """
                routes:
                  critical: "discord:%s"
                  warning: "discord:#ops-alerts"
                rules:
                  - id: service-down
                    summary: "{service} is down"
                    when: {status: DOWN}
                    severity: critical
                  - id: service-degraded
                    summary: "{service} is slow"
                    when: {status: DEGRADED}
                    severity: warning
                    channel: "#ops-alerts"
                """
                    .formatted(ONCALL_ROLE),
                problems);

    new AlertRulesValidator("rules.yaml", "config/opsbot.yaml", fleet, runbook -> true, problems)
        .validate(rules);

    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "rules.yaml: routes.warning: 'discord:#ops-alerts' does not name a Discord channel by"
                + " id: write discord:<channel id> (Developer Mode, then right-click the channel >"
                + " Copy Channel ID)");
  }
}
