package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.opsbot.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollback: section: defaults, the shipped fleet's mapping, and mistakes named by key. */
class RollbackSettingsTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "key-for-tests-123",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "pw-for-tests-456");
  private static final String SERVICES =
      """
      services:
        - id: backend
          baseUrl: https://backend.example
        - id: erp
          baseUrl: https://erp.example
      """;

  @Test
  void theShippedFleetMapsEveryServiceToItsProviderWithTokensFromTheEnvironment() {
    var env = new java.util.HashMap<>(FLEET_ENV);
    env.put("RENDER_API_KEY", "rnd_for_tests_789");
    env.put("RENDER_BACKEND_ID", "srv-d0realbackend");

    RollbackSettings rollback =
        new ConfigLoader(env).load(Path.of("config/opsbot.yaml")).rollback();

    assertThat(rollback.services())
        .containsOnlyKeys("ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");
    assertThat(rollback.services().get("backend"))
        .isEqualTo(new RollbackSettings.DeployTarget("render", "srv-d0realbackend"));
    assertThat(rollback.services().get("erp").provider()).isEqualTo("vercel");
    assertThat(rollback.render().configured()).isTrue();
    assertThat(rollback.render().apiUrl()).isEqualTo("https://api.render.com/v1");
    assertThat(rollback.vercel().configured()).isFalse();
    assertThat(rollback.vercel().teamId()).isNull();
    assertThat(rollback.confirmWithin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(rollback.requireApproval()).isFalse();
  }

  @Test
  void checkConfigSaysWhichProvidersAreOffAndWhy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.execute(
            new String[] {"check-config", "--config", "config/opsbot.yaml"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            FLEET_ENV);

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("rollback: ai-agents (render srv-ai-agents-placeholder), backend (render")
        .contains("confirm within 5m")
        .contains("rollback through render: off, RENDER_API_KEY is not set")
        .contains("rollback through vercel: off, VERCEL_TOKEN is not set");
  }

  @Test
  void mistakesAreNamedWithTheirKeyPath() {
    String yaml =
        SERVICES
            + """
            rollback:
              confirmWithin: 0s
              render:
                apiUrl: not-a-url
              services:
                backend: {provider: heroku, id: srv-1}
                erp: {provider: vercel}
                billing: {provider: render, id: srv-2}
            """;

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("opsbot.yaml", yaml))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::path, Problem::message)
                    .containsExactlyInAnyOrder(
                        tuple("rollback.confirmWithin", "must be longer than zero"),
                        tuple(
                            "rollback.render.apiUrl",
                            "'not-a-url' is not an http(s) URL: write it as https://host[:port]"),
                        tuple(
                            "rollback.services.backend.provider",
                            "unknown provider 'heroku': use render or vercel"),
                        tuple(
                            "rollback.services.erp.id",
                            "required key is missing: the provider's id for it (Render srv-...,"
                                + " Vercel prj_...)"),
                        tuple(
                            "rollback.services.billing",
                            "no service 'billing': use one of the ids under services:")));
  }

  @Test
  void anUnknownKeyIsNamedWithTheLikelyOne() {
    String yaml = SERVICES + "rollback:\n  requireAproval: true\n";

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("opsbot.yaml", yaml))
        .hasMessageContaining(
            "rollback.requireAproval: unknown key 'requireAproval': did you mean"
                + " 'requireApproval'?");
  }

  @Test
  void anEmptyTokenLeavesTheProviderOff() {
    String yaml =
        SERVICES
            + """
            rollback:
              vercel:
                token: ${VERCEL_TOKEN:-}
                teamId: ${VERCEL_TEAM_ID:-}
              services:
                erp: {provider: vercel, id: prj_1}
            """;

    RollbackSettings rollback = new ConfigLoader(Map.of()).parse("opsbot.yaml", yaml).rollback();

    assertThat(rollback.providerConfigured("vercel")).isFalse();
    assertThat(rollback.vercel().teamId()).isNull();
  }
}
