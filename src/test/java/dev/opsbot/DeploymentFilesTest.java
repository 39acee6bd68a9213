package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the Dockerfile and what opsbot actually reads: a port or a variable
 * renamed in one place but not the other fails here rather than in someone's deployment.
 */
class DeploymentFilesTest {
  private static final Path COMPOSE = Path.of("docker-compose.yml");
  private static final Path DOCKERFILE = Path.of("Dockerfile");

  @Test
  void everyReplicaPublishesOnlyPortsTheDockerfileExposes() {
    assertThat(portProblems(read(COMPOSE), exposedPorts(text(DOCKERFILE)))).isEmpty();
  }

  @Test
  void aPortChangedInTheComposeFileButNotInTheDockerfileIsCaught() {
    String changed = text(COMPOSE).replace("\"8082:8081\"", "\"8082:9090\"");
    assertThat(portProblems(parse(changed), exposedPorts(text(DOCKERFILE))))
        .contains(
            "opsbot-b publishes container port 9090, which the Dockerfile does not"
                + " EXPOSE [3000, 8081]");
  }

  @Test
  void aPortChangedInTheDockerfileButNotInTheComposeFileIsCaught() {
    String changed = text(DOCKERFILE).replace("EXPOSE 8081 3000", "EXPOSE 9091 3000");
    assertThat(portProblems(read(COMPOSE), exposedPorts(changed)))
        .contains(
            "opsbot-a publishes container port 8081, which the Dockerfile does not EXPOSE"
                + " [3000, 9091]");
  }

  @Test
  void theAdminPortEveryReplicaSetsIsTheOneItPublishesAndChecksHealthOn() {
    assertThat(portProblems(read(COMPOSE), exposedPorts(text(DOCKERFILE)))).isEmpty();
    String changed =
        text(COMPOSE).replaceFirst("OPSBOT_ADMIN_PORT: \"8081\"", "OPSBOT_ADMIN_PORT: \"9000\"");
    assertThat(portProblems(parse(changed), exposedPorts(text(DOCKERFILE))))
        .contains(
            "opsbot-a sets OPSBOT_ADMIN_PORT 9000 but publishes container ports [3000, 8081]",
            "opsbot-a checks /healthz on port 8081, not on OPSBOT_ADMIN_PORT 9000");
  }

  @Test
  void theImageExposesThePortsOpsbotListensOnByDefault() {
    Set<Integer> exposed = exposedPorts(text(DOCKERFILE));
    Matcher admin =
        Pattern.compile("\\$\\{OPSBOT_ADMIN_PORT:-(\\d+)}")
            .matcher(text(Path.of("config/opsbot.yaml")));
    assertThat(admin.find()).isTrue();
    assertThat(exposed).contains(Integer.parseInt(admin.group(1)), 3000);
  }

  @Test
  void everyVariableAReplicaSetsIsOneOpsbotReads() {
    Set<String> read = variablesRead();
    for (Map.Entry<String, JsonNode> replica : replicas(read(COMPOSE)).entrySet()) {
      Set<String> unknown = new TreeSet<>();
      replica
          .getValue()
          .path("environment")
          .fieldNames()
          .forEachRemaining(name -> {
            String plain = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : name;
            if (!read.contains(plain)) {
              unknown.add(name);
            }
          });
      assertThat(unknown).as(replica.getKey() + ": variables nothing reads").isEmpty();
    }
  }

  @Test
  void aMisspeltVariableIsNotOneOpsbotReads() {
    assertThat(variablesRead())
        .contains("OPSBOT_STATE_DB_URL", "SLACK_BOT_TOKEN", "DISCORD_TOKEN", "SLACK_HTTP_PORT")
        .doesNotContain("OPSBOT_STATE_URL", "SLACK_TOKEN");
  }

  @Test
  void replicasShareOneStateDatabaseOfThisFile() {
    JsonNode compose = read(COMPOSE);
    Set<String> urls = new HashSet<>();
    replicas(compose)
        .values()
        .forEach(r -> urls.add(r.path("environment").path("OPSBOT_STATE_DB_URL").asText("")));
    assertThat(urls).hasSize(1);
    String url = urls.iterator().next();
    Matcher host = Pattern.compile("jdbc:postgresql://([^:/]+)[:/].*").matcher(url);
    assertThat(host.matches()).as(url).isTrue();
    assertThat(compose.path("services").path(host.group(1)).path("image").asText())
        .startsWith("postgres:");
  }

  @Test
  void everyReplicaHasItsOwnLocation() {
    List<String> locations = new ArrayList<>();
    replicas(read(COMPOSE))
        .values()
        .forEach(r -> locations.add(r.path("environment").path("OPSBOT_LOCATION").asText("")));
    assertThat(locations).hasSizeGreaterThanOrEqualTo(2).doesNotContain("").doesNotHaveDuplicates();
  }

  @Test
  void replicasAreBuiltFromTheDockerfileAndPublishDistinctHostPorts() {
    Map<String, JsonNode> replicas = replicas(read(COMPOSE));
    assertThat(replicas).hasSizeGreaterThanOrEqualTo(2);
    List<String> hostPorts = new ArrayList<>();
    replicas
        .values()
        .forEach(r -> r.path("ports").forEach(p -> hostPorts.add(p.asText().split(":")[0])));
    assertThat(hostPorts).doesNotHaveDuplicates();
  }

  // ----------------------------------------------------------------- checks

  /** What is wrong with the replicas' ports, as sentences; empty when nothing is. */
  static List<String> portProblems(JsonNode compose, Set<Integer> exposed) {
    List<String> problems = new ArrayList<>();
    replicas(compose)
        .forEach((name, replica) -> {
          Set<Integer> published = new TreeSet<>();
          replica
              .path("ports")
              .forEach(p -> {
                String[] parts = p.asText().split(":");
                published.add(Integer.parseInt(parts[parts.length - 1]));
              });
          for (int port : published) {
            if (!exposed.contains(port)) {
              problems.add(
                  "%s publishes container port %d, which the Dockerfile does not EXPOSE %s"
                      .formatted(name, port, new TreeSet<>(exposed)));
            }
          }
          JsonNode env = replica.path("environment");
          for (String variable : List.of("OPSBOT_ADMIN_PORT", "SLACK_HTTP_PORT")) {
            if (env.hasNonNull(variable) && !published.contains(env.get(variable).asInt())) {
              problems.add(
                  "%s sets %s %s but publishes container ports %s"
                      .formatted(name, variable, env.get(variable).asText(), published));
            }
          }
          Matcher health =
              Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+).*/healthz")
                  .matcher(replica.path("healthcheck").path("test").toString());
          String admin = env.path("OPSBOT_ADMIN_PORT").asText("8081");
          if (!health.find()) {
            problems.add(name + " has no healthcheck on /healthz");
          } else if (!health.group(1).equals(admin)) {
            problems.add(
                "%s checks /healthz on port %s, not on OPSBOT_ADMIN_PORT %s"
                    .formatted(name, health.group(1), admin));
          }
        });
    return problems;
  }

  /** The services built from the Dockerfile. */
  static Map<String, JsonNode> replicas(JsonNode compose) {
    Map<String, JsonNode> replicas = new LinkedHashMap<>();
    compose
        .path("services")
        .fields()
        .forEachRemaining(e -> {
          if (e.getValue().has("build")) {
            replicas.put(e.getKey(), e.getValue());
          }
        });
    return replicas;
  }

  static Set<Integer> exposedPorts(String dockerfile) {
    Set<Integer> ports = new TreeSet<>();
    for (String line : dockerfile.lines().toList()) {
      if (line.strip().startsWith("EXPOSE ")) {
        for (String port : line.strip().substring(7).trim().split("\\s+")) {
          ports.add(Integer.parseInt(port.replace("/tcp", "")));
        }
      }
    }
    return ports;
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
  private static final Pattern JAVA_READ =
      Pattern.compile(
          "(?:env\\.get|env\\.getOrDefault|SecretVariable\\.read)\\((?:env,\\s*)?\"([A-Z][A-Z0-9_]*)\"");

  /**
   * Every variable opsbot reads: {@code ${VAR}} in the configuration, the alert rules and the
   * logging setup, and the names the Java code looks up in the environment.
   */
  static Set<String> variablesRead() {
    Set<String> names = new TreeSet<>();
    List<Path> placeholders = new ArrayList<>();
    for (String dir : List.of("config", "alerts")) {
      try (Stream<Path> files = Files.list(Path.of(dir))) {
        files.filter(f -> f.toString().endsWith(".yaml")).forEach(placeholders::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    placeholders.add(Path.of("src/main/resources/logback.xml"));
    placeholders.forEach(
        f -> PLACEHOLDER.matcher(text(f)).results().forEach(m -> names.add(m.group(1))));
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      sources
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(f -> JAVA_READ.matcher(text(f)).results().forEach(m -> names.add(m.group(1))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static JsonNode read(Path file) {
    return parse(text(file));
  }

  private static JsonNode parse(String yaml) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
