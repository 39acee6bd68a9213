package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** intake: in opsbot.yaml and demo.yaml: sources with tokens from the environment, checked. */
class IntakeConfigTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "test-key-1",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "test-password-2");

  @Test
  void theShippedSourcesAreOffUntilTheirTokenIsSet() {
    IntakeSettings intake =
        new ConfigLoader(FLEET_ENV).load(Path.of("config/opsbot.yaml")).intake();

    assertThat(intake.sources()).containsOnlyKeys("alertmanager", "grafana");
    assertThat(intake.withTokensOnly().enabled()).isFalse();
    assertThat(intake.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(intake.sources().get("grafana").mapping().dedupKey())
        .containsExactly("/fingerprint");
  }

  @Test
  void aTokenFromTheEnvironmentTurnsTheSourceOnAndStaysSecret() {
    Map<String, String> env = new HashMap<>(FLEET_ENV);
    env.put("OPSBOT_INTAKE_TOKEN", "intake-token-7c1d0e9a");

    IntakeSettings intake =
        new ConfigLoader(env).load(Path.of("config/opsbot.yaml")).intake().withTokensOnly();

    assertThat(intake.sources()).containsOnlyKeys("alertmanager");
    assertThat(intake.sources().get("alertmanager").token().reveal())
        .isEqualTo("intake-token-7c1d0e9a");
    assertThat(intake.toString()).doesNotContain("intake-token-7c1d0e9a");
  }

  @Test
  void theDemosAlertmanagerSourceTakesTheTokenTheDemoMakesUpAtEachStart() throws Exception {
    String yaml = Files.readString(Path.of("config/demo.yaml"));
    assertThat(yaml).contains("token: ${OPSBOT_DEMO_INTAKE_TOKEN}").doesNotContain(":-demo-");
  }

  @Test
  void mistakesAreNamedWithTheirKeyPathAndWhatToWrite() throws Exception {
    String yaml =
        Files.readString(Path.of("config/opsbot.yaml"))
            .replace(
                "      kind: alertmanager\n      auth: bearer",
                "      kind: prometheus\n      auth: basic")
            .replace("        dedupKey: [/fingerprint]", "        dedupKey: [fingerprint]")
            .replace("  maxBodyKib: 1024", "  maxBodyKib: 0");

    assertThatThrownBy(() -> new ConfigLoader(FLEET_ENV).parse("config/opsbot.yaml", yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e ->
            assertThat(((ConfigException) e).problems())
                .extracting(Problem::toString)
                .contains(
                    "config/opsbot.yaml: intake.maxBodyKib: 0 is too small: use 1 or more",
                    "config/opsbot.yaml: intake.sources.alertmanager.kind: unknown kind"
                        + " 'prometheus': use alertmanager or webhook",
                    "config/opsbot.yaml: intake.sources.alertmanager.auth: unknown auth 'basic':"
                        + " use bearer or hmac",
                    "config/opsbot.yaml: intake.sources.grafana.mapping.dedupKey[0]: 'fingerprint'"
                        + " is not a JSON pointer: start it with /, such as /alert/title"));
  }
}
