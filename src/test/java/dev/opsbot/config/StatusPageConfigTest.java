package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** statusPage in opsbot.yaml: off unless enabled, and a token wherever access needs one. */
class StatusPageConfigTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "test-key-1",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "test-password-2");

  private static String fleet(String enabled, String access) throws Exception {
    String yaml = Files.readString(Path.of("config/opsbot.yaml"));
    assertThat(yaml).contains("  enabled: false\n  title: BrainOps status\n  access: token\n");
    return yaml.replace(
        "  enabled: false\n  title: BrainOps status\n  access: token\n",
        "  enabled: " + enabled + "\n  title: BrainOps status\n  access: " + access + "\n");
  }

  @Test
  void theShippedConfigurationLeavesThePageOff() {
    OpsbotConfig config = new ConfigLoader(FLEET_ENV).load(Path.of("config/opsbot.yaml"));

    assertThat(config.statusPage().enabled()).isFalse();
    assertThat(config.statusPage().showDetails()).isFalse();
  }

  @Test
  void aTokenPageWithoutItsTokenIsAConfigurationProblemNamingTheVariable() throws Exception {
    String yaml = fleet("true", "token");

    assertThatThrownBy(() -> new ConfigLoader(FLEET_ENV).parse("config/opsbot.yaml", yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e ->
            assertThat(((ConfigException) e).problems())
                .extracting(Problem::toString)
                .containsExactly(
                    "config/opsbot.yaml: statusPage.token: required with access: token: set"
                        + " OPSBOT_STATUS_TOKEN (or use access: public)"));
  }

  @Test
  void aTokenFromTheEnvironmentIsASecret() throws Exception {
    Map<String, String> env = new HashMap<>(FLEET_ENV);
    env.put("OPSBOT_STATUS_TOKEN", "status-token-5f1c9a7e2b");

    StatusPageSettings page =
        new ConfigLoader(env).parse("config/opsbot.yaml", fleet("true", "token")).statusPage();

    assertThat(page.token().reveal()).isEqualTo("status-token-5f1c9a7e2b");
    assertThat(page.toString()).doesNotContain("status-token-5f1c9a7e2b");
  }

  @Test
  void anUnknownAccessModeIsNamed() throws Exception {
    assertThatThrownBy(
            () -> new ConfigLoader(FLEET_ENV).parse("config/opsbot.yaml", fleet("true", "open")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "statusPage.access: 'open' is not an access mode: use public or token");
  }
}
