package dev.opsbot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Layer 1 calls only functions on the allow-list; some families can never be allowed. */
class FunctionPolicyTest {
  private final SqlGuard guard = new SqlGuard();

  /** Functions that run SQL given as text, or read whole tables into one value. */
  static final List<String> SQL_EXECUTING =
      List.of(
          "ts_stat('SELECT 1')",
          "ts_stat('SELECT 1', 'ab')",
          "ts_rewrite('a'::tsquery, 'SELECT 1')",
          "query_to_xml('SELECT 1', true, false, '')",
          "query_to_xmlschema('SELECT 1', true, false, '')",
          "query_to_xml_and_xmlschema('SELECT 1', true, false, '')",
          "cursor_to_xml('c', 1, true, false, '')",
          "cursor_to_xmlschema('c', true, false, '')",
          "table_to_xml('jobs', true, false, '')",
          "table_to_xmlschema('jobs', true, false, '')",
          "table_to_xml_and_xmlschema('jobs', true, false, '')",
          "schema_to_xml('public', true, false, '')",
          "schema_to_xmlschema('public', true, false, '')",
          "schema_to_xml_and_xmlschema('public', true, false, '')",
          "database_to_xml(true, false, '')",
          "database_to_xmlschema(true, false, '')",
          "database_to_xml_and_xmlschema(true, false, '')",
          "dblink('dbname=postgres', 'SELECT 1')",
          "dblink_exec('dbname=postgres', 'DELETE FROM jobs')",
          "crosstab('SELECT 1')",
          "connectby('jobs', 'id', 'parent', '1', 0)",
          "xpath_table('id', 'x', 'jobs', '/a', 'true')");

  /** What signals other sessions, takes transaction ids or exports snapshots. */
  static final List<String> ACTING_ON_THE_SERVER =
      List.of(
          "pg_terminate_backend(1)",
          "pg_cancel_backend(1)",
          "pg_log_backend_memory_contexts(1)",
          "txid_current()",
          "txid_current_if_assigned()",
          "pg_current_xact_id()",
          "pg_current_xact_id_if_assigned()",
          "pg_export_snapshot()",
          "pg_notify('a', 'b')",
          "setseed(0.5)",
          "currval('jobs_id_seq')");

  /** Each call in every place and spelling the server accepts it. */
  static Stream<String> everyFormOfTheNeverAllowed() {
    List<String> forms = new ArrayList<>();
    for (String call : concat(SQL_EXECUTING, ACTING_ON_THE_SERVER)) {
      String name = call.substring(0, call.indexOf('('));
      String args = call.substring(call.indexOf('('));
      forms.add("SELECT " + call);
      forms.add("SELECT pg_catalog." + call);
      forms.add("SELECT \"pg_catalog\".\"" + name + "\"" + args);
      forms.add("SELECT " + name.toUpperCase() + " /* gap */ " + args);
      forms.add("SELECT * FROM " + call + " AS t");
      forms.add("SELECT string_agg(title, ',' ORDER BY " + call + "::text) FROM jobs");
      forms.add("SELECT now() AT TIME ZONE " + call + "::text");
      forms.add("SELECT E'\\'', " + call + " --'");
      forms.add(
          "SELECT x FROM generate_series(1, 2) AS " + name + "(x) WHERE " + call + " IS NULL");
    }
    return forms.stream();
  }

  @ParameterizedTest
  @MethodSource("everyFormOfTheNeverAllowed")
  void neverAllowedFunctionIsRefusedHoweverItIsWritten(String sql) {
    // The escape-string form confuses the parser once the call holds a string: a parse refusal.
    assertThat(guard.check(sql, false))
        .isInstanceOfSatisfying(
            SqlVerdict.Refused.class,
            refused ->
                assertThat(refused.rule())
                    .isIn("denied-function", "function-not-allowed", "parse"));
  }

  @Test
  void refusalOfAnUnknownFunctionNamesItAndWhereToAllowIt() {
    assertThat(guard.check("SELECT my_report(1) FROM jobs", false))
        .isEqualTo(
            new SqlVerdict.Refused(
                "function-not-allowed",
                "my_report() is not on /sql's list of functions known to be pure; if it is, an"
                    + " operator can add it to sql.allowFunctions in config/opsbot.yaml"));
  }

  @Test
  void refusalOfASqlExecutingFunctionSaysWhy() {
    assertThat(
            guard.check(
                "SELECT query_to_xml('SELECT pg_cancel_backend(1)', true, false, '')", false))
        .isEqualTo(
            new SqlVerdict.Refused(
                "denied-function",
                "query_to_xml() runs SQL given as text, which the guard never sees"));
  }

  @Test
  void functionAllowedByAnOperatorRuns() {
    SqlGuard extended = new SqlGuard(FunctionPolicy.withExtra(List.of("my_report", "public.f")));

    assertThat(extended.check("SELECT my_report(1)", false)).isInstanceOf(SqlVerdict.Allowed.class);
    assertThat(extended.check("SELECT public.f(1)", false)).isInstanceOf(SqlVerdict.Allowed.class);
    assertThat(guard.check("SELECT my_report(1)", false)).isInstanceOf(SqlVerdict.Refused.class);
  }

  @Test
  void allowedNameQualifiedByAnotherSchemaIsRefused() {
    assertThat(guard.check("SELECT pg_catalog.lower('A')", false))
        .isInstanceOf(SqlVerdict.Allowed.class);
    assertThat(guard.check("SELECT public.lower('A')", false))
        .isInstanceOfSatisfying(
            SqlVerdict.Refused.class,
            refused -> assertThat(refused.reason()).startsWith("public.lower() is not on"));
  }

  @Test
  void nameDeclaredWithAColumnListExcusesOnlyItsOwnOccurrence() {
    assertThat(guard.check("SELECT n FROM generate_series(1, 3) g(n)", false))
        .isInstanceOf(SqlVerdict.Allowed.class);
    assertThat(guard.check("WITH RECURSIVE r(n) AS (SELECT 1) SELECT n FROM r", false))
        .isInstanceOf(SqlVerdict.Allowed.class);
    assertThat(
            guard.check(
                "WITH my_fn(n) AS (SELECT 1) SELECT string_agg(n::text, ',' ORDER BY my_fn(1))"
                    + " FROM my_fn",
                false))
        .isInstanceOf(SqlVerdict.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "query_to_xml",
        "pg_catalog.ts_stat",
        "ts_rewrite",
        "pg_terminate_backend",
        "txid_current",
        "pg_sleep",
        "dblink_exec",
        "table_to_xml"
      })
  void neverAllowedFamilyCannotBeAllowedByConfiguration(String name) {
    assertThat(FunctionPolicy.problem(name))
        .hasValueSatisfying(
            problem -> assertThat(problem).endsWith("; it cannot be allowed for /sql"));
    SqlGuard extended = new SqlGuard(FunctionPolicy.withExtra(List.of(name)));
    String bare = name.substring(name.lastIndexOf('.') + 1);
    assertThat(extended.check("SELECT " + bare + "('x')", false))
        .isInstanceOf(SqlVerdict.Refused.class);
  }

  @Test
  void malformedNameIsAProblem() {
    assertThat(FunctionPolicy.problem("drop table; x"))
        .hasValue("'drop table; x' is not a function name: write it as name or schema.name");
    assertThat(FunctionPolicy.problem("my_report")).isEmpty();
    assertThat(FunctionPolicy.problem("reports.monthly")).isEmpty();
  }

  @Test
  void shippedListHoldsNoNeverAllowedName() {
    assertThat(FunctionPolicy.shippedNames())
        .hasSizeGreaterThan(300)
        .allSatisfy(name -> assertThat(FunctionPolicy.neverAllowed(name)).as(name).isEmpty());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
