package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** probe.location and probe.quorum: where this replica probes from, and how many must agree. */
class ProbeLocationSettingsTest {
  private static final Map<String, String> FLEET_SECRETS =
      Map.of(
          "BRAINOPS_API_KEY", "test-key",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "test-password");

  @Test
  void aFileThatNamesNoLocationProbesFromOneDefaultLocationWithAQuorumOfOne() {
    ProbeSettings probe = parse("interval: 30s").probe();

    assertThat(probe.location()).isEqualTo("default");
    assertThat(probe.quorum()).isEqualTo(1);
  }

  @Test
  void locationAndQuorumAreReadFromTheProbeSection() {
    ProbeSettings probe = parse("location: eu-west\n  quorum: 2").probe();

    assertThat(probe.location()).isEqualTo("eu-west");
    assertThat(probe.quorum()).isEqualTo(2);
    assertThat(probe.locationFreshFor()).isEqualTo(probe.interval().multipliedBy(3));
  }

  @Test
  void theShippedFleetFileTakesTheLocationFromOpsbotLocation() {
    Map<String, String> env = new java.util.HashMap<>(FLEET_SECRETS);
    ConfigLoader withoutLabel = new ConfigLoader(env);
    assertThat(withoutLabel.load(Path.of("config/opsbot.yaml")).probe().location())
        .isEqualTo("default");

    env.put("OPSBOT_LOCATION", "us-east");

    assertThat(new ConfigLoader(env).load(Path.of("config/opsbot.yaml")).probe().location())
        .isEqualTo("us-east");
  }

  @Test
  void aQuorumOfZeroIsRejectedWithWhatItMeans() {
    Problem problem = onlyProblem("quorum: 0");

    assertThat(problem.path()).isEqualTo("probe.quorum");
    assertThat(problem.message())
        .isEqualTo(
            "0 is too small: use 1 (any location seeing a target down is enough) or more (how many"
                + " locations must agree)");
  }

  @Test
  void aLocationLabelWithSpacesAndCapitalsIsRejected() {
    Problem problem = onlyProblem("location: EU West");

    assertThat(problem.path()).isEqualTo("probe.location");
    assertThat(problem.message())
        .isEqualTo(
            "'EU West' is not a usable location label: 1 to 40 lower-case letters, digits and"
                + " dashes, such as eu-west (set it here or through OPSBOT_LOCATION)");
  }

  private static OpsbotConfig parse(String probeLines) {
    return new ConfigLoader(Map.of()).parse("opsbot.yaml", withProbe(probeLines));
  }

  private static Problem onlyProblem(String probeLines) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(probeLines));
    List<Problem> problems = e.problems();
    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().file()).isEqualTo("opsbot.yaml");
    return problems.getFirst();
  }

  private static String withProbe(String lines) {
    return """
    probe:
      %s
    services:
      - id: api
        baseUrl: https://api.example
    """
        .formatted(lines);
  }
}
