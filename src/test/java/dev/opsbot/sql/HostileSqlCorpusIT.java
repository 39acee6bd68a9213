package dev.opsbot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.DatabaseConfig;
import dev.opsbot.demo.DemoDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile /sql corpus and a seeded fuzz, through the guard and a runner connected as the
 * SUPERUSER (so only the guard and the read-only transaction protect the database), against the
 * seeded embedded PostgreSQL. Data, catalogue, roles, settings, other sessions, locks and files are
 * compared before and after: nothing may change. Also: PostgreSQL's own pg_proc against the
 * allow-list.
 */
class HostileSqlCorpusIT {
  private static final QueryLimits LIMITS =
      new QueryLimits(Duration.ofSeconds(1), Duration.ofMillis(500), 1000, 60);
  private static final String FILE_PREFIX = "opsbot-hostile-";

  /** Names on the allow-list that are SQL syntax rather than pg_proc entries. */
  private static final Set<String> SYNTAX_NAMES =
      Set.of(
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "extract",
          "trim",
          "grouping",
          "cube",
          "rollup",
          "json_arrayagg",
          "json_objectagg",
          "json_exists",
          "json_query",
          "json_value",
          "json_table",
          "json_scalar",
          "json_serialize",
          "json_array",
          "json",
          "xmlelement",
          "xmlforest",
          "xmlparse",
          "xmlpi",
          "xmlroot",
          "xmlserialize",
          "xmltable",
          "xmlconcat",
          "current_date",
          "current_time",
          "current_timestamp",
          "localtime",
          "localtimestamp",
          "current_catalog",
          "current_role",
          "user",
          "dec",
          "decimal",
          "float",
          "inet",
          "uuid",
          "normalize",
          "is_normalized",
          "position",
          "substring",
          "overlay",
          "char");

  /** Volatile functions on the allow-list, each reviewed: random or a reading that changes. */
  private static final Set<String> REVIEWED_VOLATILE =
      Set.of(
          "random",
          "random_normal",
          "array_sample",
          "array_shuffle",
          "clock_timestamp",
          "timeofday",
          "gen_random_uuid",
          "uuidv4",
          "uuidv7",
          "pg_blocking_pids",
          "pg_current_wal_lsn",
          "pg_database_size",
          "pg_relation_size",
          "pg_table_size",
          "pg_indexes_size",
          "pg_total_relation_size",
          "pg_tablespace_size",
          "pg_is_in_recovery",
          "pg_last_xact_replay_timestamp",
          "pg_partition_tree",
          "pg_partition_ancestors");

  private static DemoDatabase database;
  private static SqlTarget superuser;
  private static ReadOnlyQueryRunner runner;
  private static final SqlGuard guard = new SqlGuard();

  @BeforeAll
  static void start() {
    database = DemoDatabase.start();
    superuser =
        new SqlTarget(
            "fleet",
            new DatabaseConfig(database.jdbcUrl(), "postgres", database.superuserPassword(), true));
    runner = new ReadOnlyQueryRunner(superuser.dataSource(), LIMITS);
  }

  @AfterAll
  static void stop() {
    if (superuser != null) {
      superuser.close();
    }
    if (database != null) {
      database.close();
    }
  }

  // The allow-list against PostgreSQL's catalogue

  @Test
  void everyAllowedNameIsAPostgresFunctionOrSyntaxAndNoneIsInANeverAllowedFamily()
      throws SQLException {
    Set<String> procs = new HashSet<>(query("SELECT DISTINCT proname::text FROM pg_proc"));
    Set<String> volatileNames =
        new HashSet<>(
            query(
                "SELECT DISTINCT proname::text FROM pg_proc p JOIN pg_namespace n"
                    + " ON n.oid = p.pronamespace"
                    + " WHERE n.nspname = 'pg_catalog' AND provolatile = 'v'"));

    SoftAssertions softly = new SoftAssertions();
    for (String name : FunctionPolicy.shippedNames()) {
      softly
          .assertThat(procs.contains(name) || SYNTAX_NAMES.contains(name))
          .as(name + " is neither in pg_proc nor known syntax (a typo?)")
          .isTrue();
      softly.assertThat(FunctionPolicy.neverAllowed(name)).as(name).isEmpty();
      softly
          .assertThat(!volatileNames.contains(name) || REVIEWED_VOLATILE.contains(name))
          .as(name + " is volatile: review it and add it to REVIEWED_VOLATILE, or drop it")
          .isTrue();
    }
    softly.assertAll();
  }

  @Test
  void everyPostgresFunctionOffTheListIsRefusedByName() throws SQLException {
    Set<String> allowed = FunctionPolicy.shippedNames();
    List<String> off =
        query("SELECT DISTINCT proname::text FROM pg_proc ORDER BY 1").stream()
            .filter(name -> !allowed.contains(name))
            .toList();
    SoftAssertions softly = new SoftAssertions();
    for (String name : off) {
      softly
          .assertThat(guard.check("SELECT \"" + name + "\"(1)", false))
          .as(name)
          .isInstanceOf(SqlVerdict.Refused.class);
    }
    softly.assertAll();
    assertThat(off).contains("ts_stat", "query_to_xml", "pg_terminate_backend", "txid_current");
  }

  @Test
  void everyFunctionOfANeverAllowedFamilyInThisServerIsRefusedAsSuch() throws SQLException {
    List<String> family =
        query("SELECT DISTINCT proname::text FROM pg_proc ORDER BY 1").stream()
            .filter(name -> FunctionPolicy.neverAllowed(name).isPresent())
            .toList();

    assertThat(family).hasSizeGreaterThan(100);
    SoftAssertions softly = new SoftAssertions();
    for (String name : family) {
      softly
          .assertThat(guard.check("SELECT " + name + "('x')", false))
          .as(name)
          .isInstanceOfSatisfying(
              SqlVerdict.Refused.class,
              refused -> assertThat(refused.rule()).isEqualTo("denied-function"));
    }
    softly.assertAll();
  }

  // The corpus and the fuzz

  @Test
  void hostileCorpusAndFuzzLeaveDataRolesSessionsLocksAndFilesAsTheyWere() throws Exception {
    List<String> corpus = corpus();
    long start = System.nanoTime();
    try (Connection bystander = admin();
        Connection sameRole = admin()) {
      List<String> watched = List.of(pid(bystander), pid(sameRole));
      runner.run(new SqlVerdict.Allowed("SELECT 1", List.of()), List.of());
      DatabaseSnapshot before = DatabaseSnapshot.read(database, FILE_PREFIX);
      int refused = 0;
      int ran = 0;
      SoftAssertions softly = new SoftAssertions();
      for (String sql : corpus) {
        SqlVerdict verdict = guard.check(sql, false);
        if (verdict instanceof SqlVerdict.Allowed allowed) {
          ran++;
          String outcome = outcome(allowed);
          softly
              .assertThat(outcome)
              .as(sql.length() > 200 ? sql.substring(0, 200) + "..." : sql)
              .matches(
                  o ->
                      o.startsWith("rows")
                          || o.startsWith("TIMEOUT")
                          || o.startsWith("QUERY_ERROR")
                          || o.startsWith("REFUSED_BY_DATABASE"),
                  "rows, a timeout, a query error or a refusal by the database")
              .doesNotContain("Connection is closed");
        } else {
          refused++;
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "hostile /sql corpus: %d inputs, %d refused by the guard, %d run, in %d ms%n",
          corpus.size(), refused, ran, took.toMillis());

      softly.assertThat(DatabaseSnapshot.read(database, FILE_PREFIX)).isEqualTo(before);
      softly
          .assertThat(query("SELECT pid::text FROM pg_stat_activity"))
          .as("no other session was ended")
          .containsAll(watched);
      softly.assertThat(bystander.isValid(2) && sameRole.isValid(2)).isTrue();
      softly
          .assertThat(
              query(
                  "SELECT locktype || ' ' || mode || ' held by ' || pid FROM pg_locks"
                      + " WHERE pid <> pg_backend_pid()"))
          .as("no lock left behind")
          .isEmpty();
      softly
          .assertThat(
              query(
                  "SELECT pid || ' ' || state FROM pg_stat_activity WHERE state <> 'idle'"
                      + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"))
          .as("no session left in a transaction or a query")
          .isEmpty();
      softly.assertThat(took).isLessThan(Duration.ofSeconds(90));
      softly.assertAll();
    }
  }

  /** How a query ended; rows must hold no raw control character. */
  private static String outcome(SqlVerdict.Allowed query) {
    try {
      QueryResult result = runner.run(query, List.of());
      for (String text :
          Stream.concat(result.columns().stream(), result.rows().stream().flatMap(List::stream))
              .toList()) {
        if (text.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e)) {
          return "raw control character in " + text;
        }
      }
      return "rows: " + result.rows().size();
    } catch (QueryFailure failure) {
      return failure.kind() + ": " + failure.getMessage();
    }
  }

  /** Every class of attack in several forms, then seeded random ones. */
  private static List<String> corpus() throws SQLException {
    List<String> corpus = new ArrayList<>();
    HostileQueries.CORPUS.forEach(hostile -> corpus.add(hostile.sql()));
    FunctionPolicyTest.everyFormOfTheNeverAllowed().forEach(corpus::add);
    String signal =
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()";
    for (String text : List.of(signal, "SELECT txid_current()", "SELECT pg_export_snapshot()")) {
      String quoted = "'" + text.replace("'", "''") + "'";
      corpus.add("SELECT ts_stat(" + quoted + ")");
      corpus.add("SELECT ts_rewrite('a'::tsquery, " + quoted + ")");
      corpus.add("SELECT query_to_xml(" + quoted + ", true, false, '')");
      corpus.add("SELECT * FROM ts_stat($$" + text + "$$)");
      corpus.add("SELECT length(query_to_xml_and_xmlschema(" + quoted + ", true, false, ''))");
    }
    // Deep trees (class 1)
    corpus.add("SELECT 1" + "+1".repeat(4_000));
    corpus.add("SELECT 1 WHERE true" + " AND true".repeat(1_100));
    corpus.add("SELECT 1" + "::int".repeat(1_900));
    corpus.add("SELECT " + "(".repeat(3_000) + "1" + ")".repeat(3_000));
    corpus.add("SELECT " + "(SELECT ".repeat(900) + "1" + ")".repeat(900));
    corpus.add("SELECT 1" + " + 1".repeat(SqlGuard.MAX_OPERATORS));
    // Slow fetches (class 3): allowed but slow per row, 1,000 rows
    corpus.add("SELECT md5(repeat(n::text, 300000)) FROM generate_series(1, 1000) n");
    corpus.add(
        "SELECT n, (SELECT count(*) FROM generate_series(1, 20000)) FROM generate_series(1, 1000)"
            + " n, tenants LIMIT 1000");
    // Huge values (class 4)
    corpus.add("SELECT repeat('x', 50000000) AS big");
    corpus.add("SELECT string_agg(repeat('y', 1000), '') FROM generate_series(1, 20000)");
    corpus.add("SELECT repeat('z', 100000), n FROM generate_series(1, 1000) n");
    corpus.add("SELECT array_agg(n) FROM generate_series(1, 2000000) n");
    // Errors that drop the connection, control characters (class 5)
    corpus.add("SELECT row_number() FILTER (WHERE true) OVER ()");
    corpus.add("SELECT 1/0");
    corpus.add(
        "SELECT chr(27) || '[2J' || chr(7) || chr(155) || chr(8238) AS \"a" + "\u001b" + "b\"");
    corpus.add("SELECT E'\\x1b]0;pwned\\x07' AS title, E'\\u202Egnp.exe' AS name");
    corpus.add("SELECT 'x'::int");
    fuzz(corpus);
    return corpus;
  }

  private static void fuzz(List<String> corpus) throws SQLException {
    Random random = new Random(13);
    List<String> names = query("SELECT DISTINCT proname::text FROM pg_proc ORDER BY 1");
    String[] arguments = {"()", "(1)", "('x')", "(1, 2)", "('a', 'b', 'c')", "(NULL)", "(now())"};
    for (int i = 0; i < 150; i++) {
      String name = names.get(random.nextInt(names.size()));
      String call = name + arguments[random.nextInt(arguments.length)];
      corpus.add(
          switch (random.nextInt(4)) {
            case 0 -> "SELECT " + call;
            case 1 -> "SELECT * FROM " + call + " AS f";
            case 2 -> "SELECT count(*) FROM jobs WHERE " + call + " IS NOT NULL";
            default -> "SELECT pg_catalog." + call;
          });
    }
    String[] operators = {" + ", " * ", " || ", " AND ", " OR ", " = ", "::text", "[1]", " - "};
    for (int i = 0; i < 40; i++) {
      StringBuilder sql = new StringBuilder("SELECT ");
      int depth = random.nextInt(120);
      sql.append("(".repeat(depth));
      int terms = random.nextInt(2_000);
      sql.append('1');
      for (int t = 0; t < terms && sql.length() < SqlGuard.MAX_LENGTH - depth - 10; t++) {
        sql.append(operators[random.nextInt(operators.length)]).append('1');
      }
      sql.append(")".repeat(depth));
      corpus.add(sql.toString());
    }
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), "postgres", database.superuserPassword().reveal());
  }

  private static List<String> query(String sql) throws SQLException {
    return DatabaseSnapshot.query(database, sql);
  }

  private static String pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return row.getString(1);
    }
  }
}
