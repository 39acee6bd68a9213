package dev.opsbot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.sql.HostileQueries.Hostile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser rail of /sql alone: what it refuses, by which rule, and what it lets through. */
class SqlGuardTest {
  private final SqlGuard guard = new SqlGuard();

  static List<Hostile> refusedByGuard() {
    return HostileQueries.refusedByGuard();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByGuard")
  void hostileInputIsRefusedByTheRuleThatNamesWhy(Hostile hostile) {
    SqlVerdict verdict = guard.check(hostile.sql(), false);

    assertThat(verdict)
        .isInstanceOfSatisfying(
            SqlVerdict.Refused.class,
            refused -> {
              assertThat(refused.rule()).isEqualTo(hostile.rule());
              assertThat(refused.reason()).isNotBlank();
            });
  }

  @Test
  void corpusHoldsAtLeastFortyInputsWithDistinctLabels() {
    assertThat(HostileQueries.CORPUS).hasSizeGreaterThanOrEqualTo(40);
    assertThat(HostileQueries.CORPUS.stream().map(Hostile::label)).doesNotHaveDuplicates();
  }

  static Stream<Arguments> allowed() {
    return Stream.of(
        Arguments.of(
            "FLEET.md: customers by tenant",
            "SELECT tenant_id, COUNT(*) FROM customers GROUP BY tenant_id ORDER BY 2 DESC LIMIT 10",
            "SELECT tenant_id, COUNT(*) FROM customers GROUP BY tenant_id ORDER BY 2 DESC LIMIT 10"),
        Arguments.of(
            "FLEET.md: recent agent executions",
            "SELECT agent_name, status, execution_time_ms, created_at FROM agent_executions"
                + " ORDER BY created_at DESC LIMIT 20",
            "SELECT agent_name, status, execution_time_ms, created_at FROM agent_executions"
                + " ORDER BY created_at DESC LIMIT 20"),
        Arguments.of(
            "FLEET.md: memory entries",
            "SELECT type, COUNT(*), MAX(created_at) AS latest FROM unified_ai_memory GROUP BY type",
            "SELECT type, COUNT(*), MAX(created_at) AS latest FROM unified_ai_memory GROUP BY type"),
        Arguments.of(
            "explain",
            "EXPLAIN SELECT * FROM jobs WHERE tenant_id = 3",
            "EXPLAIN SELECT * FROM jobs WHERE tenant_id = 3"),
        Arguments.of(
            "explain with options",
            "EXPLAIN (FORMAT JSON) SELECT 1",
            "EXPLAIN (FORMAT JSON) SELECT 1"),
        Arguments.of("show", "SHOW statement_timeout", "SHOW statement_timeout"),
        Arguments.of("table", "TABLE tenants", "TABLE tenants"),
        Arguments.of("values", "VALUES (1, 'a'), (2, 'b')", "VALUES (1, 'a'), (2, 'b')"),
        Arguments.of("cast", "SELECT '42'::int + 1 AS answer", "SELECT '42'::int + 1 AS answer"),
        Arguments.of(
            "cte",
            "WITH recent AS (SELECT * FROM jobs WHERE created_at > now() - interval '7 days')"
                + " SELECT status, count(*) FROM recent GROUP BY status",
            "WITH recent AS (SELECT * FROM jobs WHERE created_at > now() - INTERVAL '7 days')"
                + " SELECT status, count(*) FROM recent GROUP BY status"),
        Arguments.of(
            "window function",
            "SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY created_at DESC) AS rank"
                + " FROM customers",
            "SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY created_at DESC) AS rank"
                + " FROM customers"),
        Arguments.of(
            "strings holding ; -- and /*",
            "SELECT 'a;b' AS semicolon, '--not a comment' AS dashes, '/* nor this */' AS slashes",
            "SELECT 'a;b' AS semicolon, '--not a comment' AS dashes, '/* nor this */' AS slashes"),
        Arguments.of(
            "comments and a trailing semicolon",
            "SELECT status -- the status\n, count(*) /* how many */ FROM jobs GROUP BY status;",
            "SELECT status, count(*) FROM jobs GROUP BY status"),
        Arguments.of(
            "dollar-quoted string holding ;",
            "SELECT $$it's; fine$$ AS dollar",
            "SELECT $$it's; fine$$ AS dollar"),
        Arguments.of(
            "nested comment hiding a drop", "SELECT 1 /* /* */ ; DROP TABLE jobs; */", "SELECT 1"),
        Arguments.of(
            "union of parenthesised selects",
            "(SELECT 1) UNION ALL (SELECT 2)",
            "(SELECT 1) UNION ALL (SELECT 2)"),
        Arguments.of(
            "ordinary function calls",
            "SELECT jsonb_build_object('id', id), current_setting('statement_timeout')"
                + " FROM webhook_events LIMIT 1",
            "SELECT jsonb_build_object('id', id), current_setting('statement_timeout')"
                + " FROM webhook_events LIMIT 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allowed")
  void readOnlyQueryIsAllowedAsOneStatementWithoutComments(
      String label, String sql, String rendered) {
    SqlVerdict verdict = guard.check(sql, false);

    assertThat(verdict).isEqualTo(new SqlVerdict.Allowed(rendered, List.of()));
  }

  @Test
  void namedParametersBecomePlaceholdersInBindingOrder() {
    SqlVerdict verdict =
        guard.check(
            "SELECT * FROM jobs WHERE tenant_id = :tenant AND (status = :status OR tenant_id ="
                + " :tenant)",
            true);

    assertThat(verdict)
        .isEqualTo(
            new SqlVerdict.Allowed(
                "SELECT * FROM jobs WHERE tenant_id = ? AND (status = ? OR tenant_id = ?)",
                List.of("tenant", "status", "tenant")));
  }

  @Test
  void colonInsideAStringIsNotAParameter() {
    SqlVerdict verdict = guard.check("SELECT :a::int, ':b' AS literal, :c", true);

    assertThat(verdict)
        .isEqualTo(new SqlVerdict.Allowed("SELECT ?::int, ':b' AS literal, ?", List.of("a", "c")));
  }

  @Test
  void namedParametersAreRefusedInTypedQueries() {
    SqlVerdict verdict = guard.check("SELECT * FROM customers WHERE tenant_id = :tenant", false);

    assertThat(verdict)
        .isEqualTo(
            new SqlVerdict.Refused(
                "no-placeholders", ":tenant looks like a parameter; only saved queries take them"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT pg_sleep(1)",
        "SELECT PG_SLEEP(1)",
        "SELECT pg_catalog.pg_sleep(1)",
        "SELECT \"pg_sleep\"(1)",
        "SELECT pg_catalog.\"pg_sleep\"(1)",
        "SELECT \"pg_catalog\".\"pg_sleep\"(1)",
        "SELECT * FROM pg_catalog.pg_sleep(1)",
        "SELECT pg_sleep /* gap */ (1)",
        "SELECT pg_sleep(1) OVER ()",
        "SELECT 1 FROM jobs WHERE (SELECT pg_sleep(1)) IS NULL",
        "SELECT string_agg(title, ',' ORDER BY pg_sleep(1)::text) FROM jobs",
        "SELECT 1 AT TIME ZONE pg_sleep(1)::text",
        "SELECT substring('x' FROM pg_sleep(1)::text::int)",
        "SELECT overlay('x' PLACING pg_sleep(1)::text FROM 1)",
        "SELECT ARRAY[1][pg_sleep(1)::text::int]",
        "SELECT E'\\'' , pg_sleep(1) --'",
        "SELECT E'a''\\'' , pg_sleep(1) --'"
      })
  void sleepIsRefusedHoweverItIsWrittenOrWhereverItHides(String sql) {
    assertThat(guard.check(sql, false))
        .isEqualTo(new SqlVerdict.Refused("denied-function", "pg_sleep() takes locks or sleeps"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT pg_advisory_xact_lock(1)",
        "SELECT pg_advisory_lock_shared(1)",
        "SELECT pg_try_advisory_xact_lock(1)",
        "SELECT lo_unlink(16384)",
        "SELECT lo_export(16384, '/tmp/x')",
        "SELECT loread(0, 1)",
        "SELECT dblink_exec('dbname=postgres', 'DELETE FROM jobs')",
        "SELECT pg_ls_dir('.')",
        "SELECT pg_stat_file('postgresql.conf')",
        "SELECT pg_read_binary_file('/etc/hostname')",
        "SELECT pg_reload_conf()",
        "SELECT txid_current()",
        "SELECT query_to_xml('DELETE FROM jobs', true, false, '')",
        "SELECT \"public\".\"nextval\"('jobs_id_seq')",
        "SELECT pg_catalog.set_config('role', 'postgres', false)"
      })
  void everyFamilyOfDeniedFunctionsIsRefused(String sql) {
    SqlVerdict verdict = guard.check(sql, false);

    assertThat(verdict)
        .isInstanceOfSatisfying(
            SqlVerdict.Refused.class,
            refused -> assertThat(refused.rule()).isEqualTo("denied-function"));
  }

  @Test
  void unicodeEscapedNameIsRefusedAsAFunctionNotOnTheList() {
    SqlVerdict verdict = guard.check("SELECT U&\"pg\\005fsleep\"(1)", false);

    // The parser renders "U & ...": the operator &, and a call of "pg\005fsleep", not allowed.
    assertThat(verdict)
        .isInstanceOfSatisfying(
            SqlVerdict.Refused.class,
            refused -> assertThat(refused.rule()).isEqualTo("function-not-allowed"));
  }

  @Test
  void refusalSaysWhatKindOfStatementItWas() {
    SqlVerdict verdict = guard.check("DELETE FROM jobs", false);

    assertThat(verdict)
        .isEqualTo(
            new SqlVerdict.Refused(
                "read-only-statement",
                "only SELECT, WITH, TABLE, VALUES, SHOW and EXPLAIN may run; this is DELETE"));
  }

  @Test
  void refusalOfSeveralStatementsCountsThem() {
    SqlVerdict verdict = guard.check("SELECT 1; SELECT 2; SELECT 3", false);

    assertThat(verdict)
        .isEqualTo(
            new SqlVerdict.Refused(
                "one-statement", "exactly one statement is allowed; this text holds 3"));
  }

  @Test
  void escapeStringThatEndsLaterForTheServerIsCountedAsTheServerCountsIt() {
    SqlVerdict verdict = guard.check("SELECT E'\\''; DROP TABLE jobs; --'", false);

    assertThat(verdict)
        .isEqualTo(
            new SqlVerdict.Refused(
                "one-statement",
                "exactly one statement is allowed; PostgreSQL would read 2 in this text"));
  }

  @Test
  void parseErrorSaysWhereTheParserStopped() {
    SqlVerdict verdict = guard.check("SELECT FROM WHERE", false);

    assertThat(verdict)
        .isInstanceOfSatisfying(
            SqlVerdict.Refused.class,
            refused -> {
              assertThat(refused.rule()).isEqualTo("parse");
              assertThat(refused.reason()).contains("line 1, column");
            });
  }

  @Test
  void emptyQueryIsRefused() {
    assertThat(guard.check("   ", false))
        .isEqualTo(new SqlVerdict.Refused("empty", "the query is empty"));
  }

  @Test
  void queryOverTheLengthLimitIsRefusedBeforeParsing() {
    String sql = "SELECT '" + "x".repeat(SqlGuard.MAX_LENGTH) + "'";

    assertThat(guard.check(sql, false))
        .isEqualTo(
            new SqlVerdict.Refused(
                "too-long", "the query is " + sql.length() + " characters; the limit is 10000"));
  }
}
