package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sql.allowFunctions extends the functions /sql may call, never with a never-allowed one. */
class SqlAllowFunctionsConfigTest {
  private static final String BASE =
      """
      services:
        - id: api
          baseUrl: https://api.example
      databases:
        fleet:
          url: jdbc:postgresql://127.0.0.1:5432/postgres
          user: opsbot_readonly
      sql:
        database: fleet
      """;

  @Test
  void namesOnTheNeverAllowedFamiliesOrMalformedAreProblemsNamingTheEntry() {
    List<Problem> problems =
        sqlProblems(BASE + "  allowFunctions: [my_report, query_to_xml, \"drop table\"]\n");

    assertThat(problems)
        .containsExactly(
            new Problem(
                "opsbot.yaml",
                "sql.allowFunctions[1]",
                "query_to_xml() runs SQL given as text, which the guard never sees;"
                    + " it cannot be allowed for /sql"),
            new Problem(
                "opsbot.yaml",
                "sql.allowFunctions[2]",
                "'drop table' is not a function name: write it as name or schema.name"));
  }

  @Test
  void wellFormedNamesAreNoProblem() {
    assertThat(sqlProblems(BASE + "  allowFunctions: [my_report, reports.monthly]\n")).isEmpty();
  }

  /** The problems under sql. (the bundled alert rules bring others about this small fleet). */
  private static List<Problem> sqlProblems(String yaml) {
    try {
      Configuration.parse(new ConfigLoader(Map.of()), "opsbot.yaml", yaml);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().filter(p -> p.path().startsWith("sql.")).toList();
    }
  }
}
