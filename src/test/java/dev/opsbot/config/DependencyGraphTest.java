package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  private static final Map<String, List<String>> FLEET = fleet();

  private static Map<String, List<String>> fleet() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    edges.put("ai-agents", List.of("mcp-bridge", "supabase"));
    edges.put("backend", List.of("ai-agents", "supabase"));
    edges.put("mcp-bridge", List.of("supabase"));
    edges.put("erp", List.of("backend", "supabase"));
    edges.put("mrg", List.of("backend", "supabase"));
    edges.put("command-center", List.of("backend", "supabase"));
    return edges;
  }

  @Test
  void everyServiceOfTheFleetDependsOnTheDatabaseThroughTheChainOrDirectly() {
    DependencyGraph graph = DependencyGraph.of(FLEET);

    assertThat(graph.dependents("supabase"))
        .containsExactly("ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");
    assertThat(graph.dependents("backend")).containsExactly("erp", "mrg", "command-center");
    assertThat(graph.dependents("erp")).isEmpty();
  }

  @Test
  void dependenciesAreListedNearestFirstWithoutRepeats() {
    DependencyGraph graph = DependencyGraph.of(FLEET);

    assertThat(graph.dependencies("erp"))
        .containsExactly("backend", "supabase", "ai-agents", "mcp-bridge");
    assertThat(graph.dependencies("supabase")).isEmpty();
  }

  @Test
  void aGraphWithoutLoopsHasNoCycle() {
    assertThat(DependencyGraph.of(FLEET).cycle()).isEmpty();
  }

  @Test
  void aCycleIsNamedAsThePathThatClosesIt() {
    DependencyGraph graph =
        DependencyGraph.of(Map.of("erp", List.of("backend"), "backend", List.of("erp")));

    assertThat(String.join(" -> ", graph.cycle().orElseThrow()))
        .isIn("erp -> backend -> erp", "backend -> erp -> backend");
  }

  @Test
  void aServiceDependingOnItselfIsACycle() {
    assertThat(DependencyGraph.of(Map.of("erp", List.of("erp"))).cycle())
        .contains(List.of("erp", "erp"));
  }

  @Test
  void theShippedConfigurationsEncodeTheFleetsDataFlow() {
    Map<String, String> env =
        Map.of(
            "BRAINOPS_API_KEY", "k",
            "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
            "SUPABASE_DB_PASSWORD", "p");
    OpsbotConfig config = new ConfigLoader(env).load(Path.of("config/opsbot.yaml"));
    DependencyGraph graph = DependencyGraph.of(config);

    assertThat(graph.dependents("supabase")).hasSize(6);
    assertThat(graph.directDependencies("erp")).containsExactly("backend", "supabase");
    assertThat(graph.dependencies("backend")).contains("ai-agents", "mcp-bridge", "supabase");
  }

  @Test
  void aCycleInTheConfigurationIsRefusedNamingTheCycleAndTheKey() {
    String yaml =
        """
        services:
          - id: erp
            baseUrl: https://erp.example
            dependsOn: [backend]
          - id: backend
            baseUrl: https://backend.example
            dependsOn: [erp]
        """;
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(Map.of()).parse("opsbot.yaml", yaml));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.file()).isEqualTo("opsbot.yaml");
          assertThat(p.path()).isEqualTo("services[0].dependsOn");
          assertThat(p.message()).startsWith("dependsOn cycle: erp -> backend -> erp");
        });
  }

  @Test
  void anUnknownDependencyIsRefusedWithTheLikelyIntendedId() {
    String yaml =
        """
        services:
          - id: erp
            baseUrl: https://erp.example
            dependsOn: [backend, supabse]
          - id: backend
            baseUrl: https://backend.example
        databases:
          supabase:
            url: jdbc:postgresql://db.example:5432/postgres
        """;
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(Map.of()).parse("opsbot.yaml", yaml));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.path()).isEqualTo("services[0].dependsOn[1]");
          assertThat(p.message()).contains("'supabse'", "did you mean 'supabase'?");
        });
  }
}
