package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path FLEET = Path.of("config/opsbot.yaml");
  private static final String API_KEY = "test-brainops-key-4c1f9e";
  private static final String DB_URL = "jdbc:postgresql://db.example:6543/postgres";
  private static final String DB_PASSWORD = "test-db-password-77ab";

  @Nested
  class TheRealFleetFile {
    private final Map<String, String> env =
        Map.of(
            "BRAINOPS_API_KEY", API_KEY,
            "SUPABASE_DB_URL", DB_URL,
            "SUPABASE_DB_PASSWORD", DB_PASSWORD);

    @Test
    void loadsAllSixServicesWhenItsSecretsAreSet() {
      OpsbotConfig config = new ConfigLoader(env).load(FLEET);

      assertThat(config.services())
          .extracting(ServiceConfig::id)
          .containsExactly("ai-agents", "backend", "mcp-bridge", "erp", "mrg", "command-center");
      assertThat(config.probe().failureThreshold()).isEqualTo(3);
      assertThat(config.probe().timeouts())
          .isEqualTo(
              new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15)));
    }

    @Test
    void apiKeyHeaderIsASecretThatDoesNotPrintItsValue() {
      OpsbotConfig config = new ConfigLoader(env).load(FLEET);

      Secret key = config.service("ai-agents").orElseThrow().headers().get("X-API-Key");
      assertThat(key.reveal()).isEqualTo(API_KEY);
      assertThat(key.toString()).doesNotContain(API_KEY);
      assertThat(config.toString()).doesNotContain(API_KEY).doesNotContain(DB_PASSWORD);
    }

    @Test
    void databaseTakesUrlAndPasswordFromTheEnvironmentAndUserFromItsDefault() {
      DatabaseConfig supabase = new ConfigLoader(env).load(FLEET).databases().get("supabase");

      assertThat(supabase.url()).isEqualTo(DB_URL);
      assertThat(supabase.user()).isEqualTo("postgres");
      assertThat(supabase.password().reveal()).isEqualTo(DB_PASSWORD);
    }

    @Test
    void aureaReadsTheOrchestratorEndpointsOfTheAiAgentsService() {
      OpsbotConfig config = new ConfigLoader(env).load(FLEET);

      AureaConfig aurea = config.aureaConfig().orElseThrow();
      assertThat(aurea.service()).isEqualTo("ai-agents");
      assertThat(aurea.expectedJobs()).isEqualTo(61);
      EndpointConfig usage =
          config.service("ai-agents").orElseThrow().endpoints().get(aurea.usageEndpoint());
      assertThat(usage.path()).isEqualTo("/systems/usage");
      FieldPath running = usage.fields().get("running");
      assertThat(running.text()).isEqualTo(".aurea.running");
      assertThat(running.pointer().toString()).isEqualTo("/aurea/running");
    }

    @Test
    void adminPortFallsBackToTheDefaultWrittenInTheFile() {
      assertThat(new ConfigLoader(env).load(FLEET).admin().port()).isEqualTo(8081);
    }

    @Test
    void missingSecretsAreAllNamedWithTheKeyThatNeedsThem() {
      var env = Map.of("SUPABASE_DB_URL", DB_URL);

      ConfigException e =
          assertThrows(ConfigException.class, () -> new ConfigLoader(env).load(FLEET));

      assertThat(e.problems())
          .extracting(Problem::file, Problem::path)
          .containsExactly(
              tuple("config/opsbot.yaml", "services[0].headers.X-API-Key"),
              tuple("config/opsbot.yaml", "databases.supabase.password"));
      assertThat(e.problems().get(0).message())
          .contains("BRAINOPS_API_KEY is not set")
          .contains("BRAINOPS_API_KEY_FILE");
      assertThat(e.problems().get(1).message()).contains("SUPABASE_DB_PASSWORD is not set");
      assertThat(e.getMessage())
          .startsWith("2 configuration problem(s)")
          .contains("config/opsbot.yaml: services[0].headers.X-API-Key: environment variable");
    }

    @Test
    void unsetUrlVariableIsOneProblemNotAlsoAMissingUrl() {
      ConfigException e =
          assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(FLEET));

      assertThat(e.problems())
          .extracting(Problem::path)
          .containsExactly(
              "services[0].headers.X-API-Key",
              "databases.supabase.url",
              "databases.supabase.password");
    }
  }

  @Nested
  class EnvironmentReferences {
    @Test
    void defaultIsUsedWhenTheVariableIsUnset() {
      OpsbotConfig config =
          parse(
              Map.of(),
              """
              services:
                - id: api
                  baseUrl: ${API_URL:-https://fallback.example}
              """);

      assertThat(config.services().getFirst().baseUrl()).isEqualTo("https://fallback.example");
    }

    @Test
    void setVariableWinsOverTheDefault() {
      OpsbotConfig config =
          parse(
              Map.of("API_URL", "https://api.example"),
              """
              services:
                - id: api
                  baseUrl: ${API_URL:-https://fallback.example}
              """);

      assertThat(config.services().getFirst().baseUrl()).isEqualTo("https://api.example");
    }

    @Test
    void variableFileIsReadAndTrimmed(@TempDir Path dir) throws IOException {
      Path keyFile = Files.writeString(dir.resolve("api-key"), "  key-from-file-93d2\n\n");

      OpsbotConfig config =
          parse(
              Map.of("API_KEY_FILE", keyFile.toString()),
              """
              services:
                - id: api
                  baseUrl: https://api.example
                  headers:
                    X-API-Key: ${API_KEY}
              """);

      assertThat(config.services().getFirst().headers().get("X-API-Key").reveal())
          .isEqualTo("key-from-file-93d2");
    }

    @Test
    void unreadableVariableFileIsNamedWithItsKey(@TempDir Path dir) {
      Path missing = dir.resolve("no-such-file");

      Problem problem =
          onlyProblem(
              Map.of("API_KEY_FILE", missing.toString()),
              """
              services:
                - id: api
                  baseUrl: https://api.example
                  headers:
                    X-API-Key: ${API_KEY}
              """);

      assertThat(problem.path()).isEqualTo("services[0].headers.X-API-Key");
      assertThat(problem.message()).contains("API_KEY_FILE names " + missing, "cannot be read");
    }

    @Test
    void aFileEndingInWindowsLineEndingsIsTrimmed(@TempDir Path dir) throws IOException {
      Path keyFile = Files.writeString(dir.resolve("api-key"), "key-from-file-93d2\r\n");

      OpsbotConfig config =
          parse(
              Map.of("API_KEY_FILE", keyFile.toString()),
              """
              services:
                - id: api
                  baseUrl: https://api.example
                  headers:
                    X-API-Key: ${API_KEY}
              """);

      assertThat(config.services().getFirst().headers().get("X-API-Key").reveal())
          .isEqualTo("key-from-file-93d2");
    }

    @Test
    void aSecretWithAControlCharacterIsRefusedNamingTheVariableNeverTheValue(@TempDir Path dir)
        throws IOException {
      Path inside = Files.writeString(dir.resolve("token"), "tok-4f1a\r\nX-Evil: 1\n");
      Map<String, String> env =
          Map.of(
              "API_KEY", "key-crlf-77e1\r",
              "RENDER_KEY", "rnd-9a\u00003b",
              "VERCEL_TOKEN_FILE", inside.toString(),
              "DB_PASSWORD", "pw-\u001b[2J-5c");

      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  new ConfigLoader(env)
                      .parse(
                          "config/opsbot.yaml",
                          """
                          services:
                            - id: api
                              baseUrl: https://api.example
                              headers:
                                X-API-Key: ${API_KEY}
                                Authorization: Bearer ${API_KEY}
                          databases:
                            main:
                              url: jdbc:postgresql://db:5432/app
                              user: app
                              password: ${DB_PASSWORD}
                          rollback:
                            render:
                              apiKey: ${RENDER_KEY}
                            vercel:
                              token: ${VERCEL_TOKEN}
                          """));

      assertThat(e.problems())
          .extracting(Problem::path)
          .contains(
              "services[0].headers.X-API-Key",
              "services[0].headers.Authorization",
              "databases.main.password",
              "rollback.render.apiKey",
              "rollback.vercel.token");
      Problem crlf =
          e.problems().stream()
              .filter(p -> p.path().equals("services[0].headers.X-API-Key"))
              .findFirst()
              .orElseThrow();
      assertThat(crlf.message())
          .startsWith(
              "environment variable API_KEY (or its _FILE) holds a carriage return (\\r) at the end")
          .contains("Windows line endings");
      assertThat(e.getMessage())
          .contains("environment variable DB_PASSWORD", "environment variable RENDER_KEY")
          .contains(
              "environment variable VERCEL_TOKEN (or its _FILE) holds a carriage return (\\r) at character 9")
          .doesNotContain("key-crlf-77e1", "rnd-9a", "tok-4f1a", "pw-", "X-Evil");
    }
  }

  @Nested
  class UnknownKeys {
    @Test
    void misspeltKeyIsNamedWithTheLikelyIntendedOne() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: https://api.example
                  healthPth: /status
              """);

      assertThat(problem.path()).isEqualTo("services[0].healthPth");
      assertThat(problem.message())
          .contains("unknown key 'healthPth'", "did you mean 'healthPath'?");
    }

    @Test
    void misspeltKeyHoldingAMappingIsReportedAtItsOwnPath() {
      Problem problem =
          onlyProblem(
              """
              probe:
                timeout:
                  read: 5s
              services:
                - id: api
                  baseUrl: https://api.example
              """);

      assertThat(problem.path()).isEqualTo("probe.timeout");
      assertThat(problem.message()).contains("did you mean 'timeouts'?");
    }

    @Test
    void misspeltTopLevelKeyHoldingAListIsReportedAtTopLevel() {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  parse(
                      """
                      servces:
                        - id: api
                          baseUrl: https://api.example
                      """));

      assertThat(e.problems())
          .extracting(Problem::path, Problem::message)
          .containsExactly(
              tuple("servces", "unknown key 'servces': did you mean 'services'?"),
              tuple("services", "no services configured: list at least one under services:"));
    }

    @Test
    void unrecognisableKeyListsTheKnownOnes() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: https://api.example
                  endpoints:
                    usage:
                      path: /usage
                      xyzzy: 1
              """);

      assertThat(problem.path()).isEqualTo("services[0].endpoints.usage.xyzzy");
      assertThat(problem.message()).contains("known keys here: fields, path");
    }
  }

  @Nested
  class WrongTypes {
    @Test
    void durationInWordsIsRejectedWithTheFormsThatWork() {
      Problem problem = onlyProblem(withProbe("interval: fast"));

      assertThat(problem.path()).isEqualTo("probe.interval");
      assertThat(problem.message())
          .isEqualTo("'fast' is not a duration: write it as 500ms, 5s, 2m, 1h or 1d");
    }

    @Test
    void bareNumberDurationMeansSeconds() {
      assertThat(parse(withProbe("interval: 45")).probe().interval())
          .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void durationGivenAsAListIsRejected() {
      Problem problem = onlyProblem(withProbe("slowAfter: [1s, 2s]"));

      assertThat(problem.path()).isEqualTo("probe.slowAfter");
      assertThat(problem.message()).isEqualTo("expected a duration such as 5s but found a list");
    }

    @Test
    void wordWhereACountBelongsIsRejected() {
      Problem problem = onlyProblem(withProbe("maxInFlight: lots"));

      assertThat(problem.path()).isEqualTo("probe.maxInFlight");
      assertThat(problem.message()).isEqualTo("'lots' is not a whole number");
    }

    @Test
    void countBelowItsMinimumIsRejected() {
      Problem problem = onlyProblem(withProbe("failureThreshold: 0"));

      assertThat(problem.path()).isEqualTo("probe.failureThreshold");
      assertThat(problem.message()).isEqualTo("0 is too small: use 1 or more");
    }

    @Test
    void zeroTimeoutIsRejected() {
      Problem problem = onlyProblem(withProbe("timeouts:\n    read: 0s"));

      assertThat(problem.path()).isEqualTo("probe.timeouts.read");
      assertThat(problem.message()).isEqualTo("must be longer than zero");
    }

    @Test
    void numberWhereAListBelongsIsRejected() {
      Problem problem = onlyProblem(withService("healthyValues: 3"));

      assertThat(problem.path()).isEqualTo("services[0].healthyValues");
      assertThat(problem.message()).isEqualTo("expected a list but found a number");
    }

    @Test
    void singleWordWhereAListBelongsIsRejected() {
      Problem problem = onlyProblem(withService("healthyValues: ok"));

      assertThat(problem.path()).isEqualTo("services[0].healthyValues");
      assertThat(problem.message()).isEqualTo("expected a list but found a text value");
    }

    @Test
    void headersGivenAsAListAreRejected() {
      Problem problem = onlyProblem(withService("headers:\n      - X-API-Key"));

      assertThat(problem.path()).isEqualTo("services[0].headers");
      assertThat(problem.message()).isEqualTo("expected a mapping of keys but found a list");
    }

    @Test
    void sectionGivenAsANumberIsRejected() {
      Problem problem =
          onlyProblem(
              """
              probe: 5
              services:
                - id: api
                  baseUrl: https://api.example
              """);

      assertThat(problem.path()).isEqualTo("probe");
      assertThat(problem.message()).isEqualTo("expected a mapping of keys but found a number");
    }

    @Test
    void nonBooleanFlagIsRejected() {
      Problem problem = onlyProblem(withService("expectJson: maybe"));

      assertThat(problem.path()).isEqualTo("services[0].expectJson");
      assertThat(problem.message()).isEqualTo("'maybe' is not true or false");
    }

    @Test
    void keyThatCannotBeReadIsReportedOnceWithTheReason() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: [https://a.example, https://b.example]
              """);

      assertThat(problem.path()).isEqualTo("services[0].baseUrl");
      assertThat(problem.message()).isEqualTo("expected a text value but found a list");
    }
  }

  @Nested
  class Services {
    @Test
    void sentenceIsNotAUrl() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: not a url
              """);

      assertThat(problem.path()).isEqualTo("services[0].baseUrl");
      assertThat(problem.message()).startsWith("'not a url' is not a valid URL");
    }

    @Test
    void nonHttpUrlIsRejected() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: ftp://x
              """);

      assertThat(problem.path()).isEqualTo("services[0].baseUrl");
      assertThat(problem.message())
          .isEqualTo("'ftp://x' is not an http(s) URL: write it as https://host[:port]");
    }

    @Test
    void missingBaseUrlIsRequired() {
      Problem problem = onlyProblem("services:\n  - id: api\n");

      assertThat(problem.path()).isEqualTo("services[0].baseUrl");
      assertThat(problem.message()).startsWith("required key is missing");
    }

    @Test
    void healthPathWithoutLeadingSlashSuggestsTheSlashedForm() {
      Problem problem = onlyProblem(withService("healthPath: api/health"));

      assertThat(problem.path()).isEqualTo("services[0].healthPath");
      assertThat(problem.message()).isEqualTo("'api/health' must start with /, as in /api/health");
    }

    @Test
    void duplicateIdIsReportedAtTheSecondService() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: https://a.example
                - id: api
                  baseUrl: https://b.example
              """);

      assertThat(problem.path()).isEqualTo("services[1].id");
      assertThat(problem.message()).contains("duplicate service id 'api'");
    }

    @Test
    void idWithSpacesAndCapitalsIsRejected() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: My API
                  baseUrl: https://api.example
              """);

      assertThat(problem.path()).isEqualTo("services[0].id");
      assertThat(problem.message()).contains("'My API' is not a usable id");
    }

    @Test
    void missingIdIsRequired() {
      Problem problem = onlyProblem("services:\n  - baseUrl: https://api.example\n");

      assertThat(problem.path()).isEqualTo("services[0].id");
      assertThat(problem.message()).startsWith("required key is missing");
    }

    @Test
    void emptyServiceEntryIsReported() {
      Problem problem = onlyProblem("services:\n  -\n");

      assertThat(problem.path()).isEqualTo("services[0]");
      assertThat(problem.message()).startsWith("empty entry");
    }

    @Test
    void noServicesAtAllIsReported() {
      Problem problem = onlyProblem("services: []\n");

      assertThat(problem.path()).isEqualTo("services");
      assertThat(problem.message()).startsWith("no services configured");
    }

    @Test
    void unknownPlatformListsTheKnownOnes() {
      Problem problem = onlyProblem(withService("platform: heroku"));

      assertThat(problem.path()).isEqualTo("services[0].platform");
      assertThat(problem.message())
          .isEqualTo("unknown platform 'heroku': use one of other, render, supabase, vercel");
    }

    @Test
    void statusPathWithoutLeadingDotIsRejected() {
      Problem problem = onlyProblem(withService("statusPath: status"));

      assertThat(problem.path()).isEqualTo("services[0].statusPath");
      assertThat(problem.message())
          .isEqualTo(
              "'status' is not a field path: write it like .status, .aurea.running or"
                  + " .jobs[0].name");
    }

    @Test
    void endpointFieldWithoutLeadingDotIsReportedOnceAtItsKey() {
      Problem problem =
          onlyProblem(
              withService(
                  """
                  endpoints:
                        usage:
                          path: /usage
                          fields:
                            running: aurea.running
                            cycles: .aurea.cycles\
                  """));

      assertThat(problem.path()).isEqualTo("services[0].endpoints.usage.fields.running");
      assertThat(problem.message()).startsWith("'aurea.running' is not a field path");
    }

    @Test
    void endpointFieldWithoutAPathIsReported() {
      Problem problem =
          onlyProblem(
              withService(
                  """
                  endpoints:
                        usage:
                          path: /usage
                          fields:
                            running:\
                  """));

      assertThat(problem.path()).isEqualTo("services[0].endpoints.usage.fields.running");
      assertThat(problem.message()).isEqualTo("no path: write it like .status");
    }

    @Test
    void endpointWithoutAPathIsReported() {
      Problem problem =
          onlyProblem(
              withService(
                  """
                  endpoints:
                        usage:
                          fields:
                            running: .running\
                  """));

      assertThat(problem.path()).isEqualTo("services[0].endpoints.usage.path");
      assertThat(problem.message()).startsWith("required key is missing");
    }
  }

  @Nested
  class Aurea {
    @Test
    void serviceThatDoesNotExistIsReported() {
      Problem problem = onlyProblem(withService("name: API") + "aurea:\n  service: orchestrator\n");

      assertThat(problem.path()).isEqualTo("aurea.service");
      assertThat(problem.message())
          .isEqualTo("no service 'orchestrator': use one of the ids under services:");
    }

    @Test
    void everyMissingEndpointFieldIsNamed() {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  parse(
                      """
                      services:
                        - id: api
                          baseUrl: https://api.example
                          endpoints:
                            usage:
                              path: /usage
                              fields:
                                running: .aurea.running
                                autonomyLevel: .aurea.autonomy_level
                                cyclesCompleted: .aurea.cycles_completed
                                decisionsMade: .aurea.decisions_made
                            scheduler:
                              path: /scheduler
                              fields:
                                jobsCount: .jobs
                                registeredJobs: .registered
                      aurea:
                        service: api
                      """));

      assertThat(e.problems())
          .extracting(Problem::path, Problem::message)
          .containsExactly(
              tuple(
                  "aurea.usageEndpoint",
                  "endpoint 'usage' of 'api' lacks the field 'learningInsights': add it under"
                      + " fields: with its JSON path"),
              tuple(
                  "aurea.schedulerEndpoint",
                  "endpoint 'scheduler' of 'api' lacks the field 'nextJobs': add it under fields:"
                      + " with its JSON path"));
    }

    @Test
    void missingEndpointIsNamed() {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> parse(withService("name: API") + "aurea:\n  service: api\n"));

      assertThat(e.problems())
          .extracting(Problem::path, Problem::message)
          .containsExactly(
              tuple(
                  "aurea.usageEndpoint",
                  "service 'api' has no endpoint 'usage': add it under its endpoints:"),
              tuple(
                  "aurea.schedulerEndpoint",
                  "service 'api' has no endpoint 'scheduler': add it under its endpoints:"));
    }

    @Test
    void serviceWithoutAnIdDoesNotStopTheAureaCheck() {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  parse(
                      """
                      services:
                        - baseUrl: https://api.example
                        -
                      aurea:
                        service: api
                      """));

      assertThat(e.problems())
          .extracting(Problem::path)
          .containsExactly("services[0].id", "services[1]", "aurea.service");
    }
  }

  @Nested
  class Databases {
    @Test
    void urlThatIsNotPostgresJdbcIsRejected() {
      Problem problem =
          onlyProblem(
              withService("name: API")
                  + """
                  databases:
                    main:
                      url: postgres://db.example:5432/app
                  """);

      assertThat(problem.path()).isEqualTo("databases.main.url");
      assertThat(problem.message())
          .isEqualTo("not a PostgreSQL JDBC URL: write it as jdbc:postgresql://host:5432/database");
    }

    @Test
    void emptyDatabaseEntryIsReported() {
      Problem problem = onlyProblem(withService("name: API") + "databases:\n  main:\n");

      assertThat(problem.path()).isEqualTo("databases.main");
      assertThat(problem.message()).startsWith("empty database entry");
    }
  }

  @Nested
  class WholeFile {
    @Test
    void everyProblemInTheFileIsReportedAtOnce() {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  parse(
                      Map.of(),
                      """
                      probe:
                        interval: soon
                      services:
                        - id: Backend
                          baseUrl: ftp://backend
                          healthPth: /health
                          headers:
                            X-API-Key: ${BACKEND_KEY}
                        - id: erp
                          baseUrl: https://erp.example
                          platform: heroku
                      databases:
                        main:
                          url: mysql://db
                      aurea:
                        service: ai-agents
                      """));

      assertThat(e.problems())
          .extracting(Problem::path)
          .containsExactlyInAnyOrder(
              "probe.interval",
              "services[0].healthPth",
              "services[0].headers.X-API-Key",
              "services[0].id",
              "services[0].baseUrl",
              "services[1].platform",
              "databases.main.url",
              "aurea.service");
      assertThat(e.getMessage()).startsWith("8 configuration problem(s):");
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
      Problem problem =
          onlyProblem(
              """
              services:
                - id: api
                  baseUrl: [https://api.example
              """);

      assertThat(problem.path()).isEqualTo("line 3");
      assertThat(problem.message()).startsWith("not valid YAML");
    }

    @Test
    void emptyFileIsReported() {
      Problem problem = onlyProblem("");

      assertThat(problem.path()).isEmpty();
      assertThat(problem.message()).isEqualTo("the file is empty: describe at least one service");
    }

    @Test
    void fileOfOnlyCommentsCountsAsEmpty() {
      assertThat(onlyProblem("# services: to come\n").message()).startsWith("the file is empty");
    }

    @Test
    void fileThatIsNotAMappingIsReported() {
      assertThat(onlyProblem("just some text\n").message())
          .isEqualTo("expected a mapping of keys (services:, probe:, ...)");
    }

    @Test
    void missingFileSaysHowToNameTheRightOne(@TempDir Path dir) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> new ConfigLoader(Map.of()).load(dir.resolve("nope.yaml")));

      assertThat(e.problems())
          .singleElement()
          .extracting(Problem::message)
          .asString()
          .startsWith("file not found: pass the right one with --config");
    }

    @Test
    void secretEchoedBackInAnotherKeysProblemIsMasked() {
      String secret = "secret-that-is-no-url-5e0b";

      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  parse(
                      Map.of("API_KEY", secret),
                      """
                      services:
                        - id: api
                          baseUrl: ${API_KEY}
                          headers:
                            X-API-Key: ${API_KEY}
                      """));

      assertThat(e.problems()).extracting(Problem::path).containsExactly("services[0].baseUrl");
      assertThat(e.getMessage()).doesNotContain(secret).contains("******");
      assertThat(e.problems().getFirst().message()).doesNotContain(secret);
    }

    @Test
    void headerSecretDoesNotAppearInTheProblemsOfItsService() {
      String secret = "header-secret-value-19c4";

      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  parse(
                      Map.of("API_KEY", secret),
                      """
                      services:
                        - id: api
                          baseUrl: not a url
                          platform: heroku
                          headers:
                            X-API-Key: ${API_KEY}
                      """));

      assertThat(e.problems()).hasSize(2);
      assertThat(e.getMessage()).doesNotContain(secret);
    }
  }

  private static OpsbotConfig parse(String yaml) {
    return parse(Map.of(), yaml);
  }

  private static OpsbotConfig parse(Map<String, String> env, String yaml) {
    return new ConfigLoader(env).parse("opsbot.yaml", yaml);
  }

  private static Problem onlyProblem(String yaml) {
    return onlyProblem(Map.of(), yaml);
  }

  private static Problem onlyProblem(Map<String, String> env, String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(env, yaml));
    List<Problem> problems = e.problems();
    assertThat(problems).as("problems of %s", yaml).hasSize(1);
    assertThat(problems.getFirst().file()).isEqualTo("opsbot.yaml");
    return problems.getFirst();
  }

  /** A valid file with one service, plus the given lines (indented at the service's level). */
  private static String withService(String lines) {
    return """
    services:
      - id: api
        baseUrl: https://api.example
        %s
    """
        .formatted(lines);
  }

  /** A valid file whose probe section holds the given lines. */
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
