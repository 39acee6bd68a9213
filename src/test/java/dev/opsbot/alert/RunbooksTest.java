package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.Configuration;
import dev.opsbot.config.ConfigException;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runbooks are read at start-up, once: an alert never waits on, or fails on, a file. */
class RunbooksTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "key-for-tests-123",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example:6543/postgres",
          "SUPABASE_DB_PASSWORD", "pw-for-tests-456");

  @Test
  void aRunbookReadAtStartUpIsThereWhenItsFileNoLongerIs(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("restart.md"), "# Restart\n\n1. Restart it.\n");

    Runbooks runbooks = Runbooks.in(dir, List.of("restart", "missing"));
    Files.delete(dir.resolve("restart.md"));

    assertThat(runbooks.text("restart")).hasValue("# Restart\n\n1. Restart it.\n");
    assertThat(runbooks.exists("missing")).isFalse();
    assertThat(runbooks.text("missing")).isEmpty();
  }

  @Test
  void namesThatWouldLeaveTheDirectoryAreNotRead(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(dir.resolve("secrets.md"), "1. The password is hunter2\n");

    Runbooks runbooks = Runbooks.in(dir.resolve("runbooks"), List.of("../secrets", "/etc/passwd"));

    assertThat(runbooks.exists("../secrets")).isFalse();
    assertThat(runbooks.text("../secrets")).isEmpty();
  }

  @Test
  void aRunbookThatCannotBeReadStopsStartUpNamingTheRule(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("alerts/rules.yaml");
    Files.createDirectories(rules.resolveSibling("runbooks/restart.md"));
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
        """);

    assertThatThrownBy(() ->
            Configuration.load(new ConfigLoader(FLEET_ENV), Path.of("config/opsbot.yaml"), rules))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .singleElement()
                    .asString()
                    .startsWith(
                        rules
                            + ": rules[0] (id service-down).runbook: cannot read the runbook"
                            + " alerts/runbooks/restart.md: "));
  }

  @Test
  void theRunbooksTheRulesAttachAreLoadedWithTheConfiguration(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("alerts/rules.yaml");
    Files.createDirectories(rules.resolveSibling("runbooks"));
    Files.writeString(rules.resolveSibling("runbooks/restart.md"), "1. Restart it.\n");
    Files.writeString(rules.resolveSibling("runbooks/unused.md"), "1. Not attached.\n");
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
        """);

    Runbooks runbooks =
        Configuration.load(new ConfigLoader(FLEET_ENV), Path.of("config/opsbot.yaml"), rules)
            .runbooks();
    Files.delete(rules.resolveSibling("runbooks/restart.md"));

    assertThat(runbooks.text("restart")).hasValue("1. Restart it.\n");
    assertThat(runbooks.exists("unused")).as("only what the rules attach").isFalse();
  }
}
