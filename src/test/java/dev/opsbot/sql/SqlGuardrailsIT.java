package dev.opsbot.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.DatabaseConfig;
import dev.opsbot.config.Problem;
import dev.opsbot.config.SavedQueries;
import dev.opsbot.config.Secret;
import dev.opsbot.demo.DemoDatabase;
import dev.opsbot.sql.HostileQueries.Hostile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The guard rails of /sql against a real PostgreSQL seeded like the demo. The runner connects as
 * the SUPERUSER on purpose: the parser and the read-only transaction must hold without the third
 * rail, a read-only role.
 */
class SqlGuardrailsIT {
  private static final QueryLimits LIMITS =
      new QueryLimits(Duration.ofSeconds(1), Duration.ofMillis(500), 1000, 60);
  private static final Caller CALLER = new Caller("test", "U1", "ana", "C1");

  private static final String TEST_PASSWORD = "role-made-by-this-test";

  private static DemoDatabase database;
  private static SqlTarget superuser;
  private static ReadOnlyQueryRunner runner;
  private static ReadOnlyQueryRunner runnerWithoutSessionDefaults;
  private static SavedQueryCatalog catalog;
  private static CommandRouter router;
  private final SqlGuard guard = new SqlGuard();

  @BeforeAll
  static void startTheDemoDatabase() throws SQLException {
    database = DemoDatabase.start();
    superuser = new SqlTarget("fleet", config("postgres"));
    runner = new ReadOnlyQueryRunner(superuser.dataSource(), LIMITS);
    // No pool and no default_transaction_read_only: only what the runner itself does.
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setUrl(database.jdbcUrl());
    plain.setUser("postgres");
    plain.setPassword(database.superuserPassword().reveal());
    runnerWithoutSessionDefaults = new ReadOnlyQueryRunner(plain, LIMITS);

    List<Problem> problems = new ArrayList<>();
    SavedQueries saved =
        new ConfigLoader(Map.of()).loadSavedQueries(Path.of("commands/queries.yaml"), problems);
    catalog =
        SavedQueryCatalog.check(
            saved, "commands/queries.yaml", new SqlGuard(), Set.of("fleet"), problems);
    assertThat(problems).isEmpty();
    router =
        CommandRouter.withHelp(
            List.of(new SqlCommand("fleet", runner, new SqlGuard(), catalog, 50)));

    execute(
        "CREATE TABLE service_credentials (service text, api_key text, password text)",
        "INSERT INTO service_credentials VALUES ('erp', 'sk_live_4242', 'hunter2')");
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

  // The whole corpus, through the parser and the runner

  @Test
  void hostileCorpusIsRefusedOrHarmlessAndLeavesTheDatabaseAsItWas() throws Exception {
    Files.deleteIfExists(Path.of(HostileQueries.COPY_FILE));
    Files.deleteIfExists(Path.of(HostileQueries.PROGRAM_FILE));
    // Sessions of the same role, which a kill would end. (Not the runner's own pooled session: a
    // query cancelled at its deadline closes its connection on purpose.)
    try (Connection bystander = admin();
        Connection sameRole = admin()) {
      DatabaseState before = DatabaseState.read();
      List<String> sessions = new ArrayList<>(List.of(pid(sameRole)));
      sessions.add(pid(bystander));
      assertThat(query(LOCKS_OF_OTHER_SESSIONS)).isEmpty();

      SoftAssertions softly = new SoftAssertions();
      for (Hostile hostile : HostileQueries.CORPUS) {
        // Whatever the parser lets through runs, expected or not, so harm shows below.
        String outcome =
            switch (guard.check(hostile.sql(), false)) {
              case SqlVerdict.Refused refused -> "refused by " + refused.rule();
              case SqlVerdict.Allowed allowed -> outcome(runner, allowed);
            };
        if (hostile.refusedByGuard()) {
          softly.assertThat(outcome).as(hostile.label()).isEqualTo("refused by " + hostile.rule());
        } else {
          softly
              .assertThat(outcome)
              .as(hostile.label())
              .matches(
                  harmless ->
                      harmless.startsWith("rows")
                          || harmless.startsWith("TIMEOUT")
                          || harmless.startsWith("QUERY_ERROR"),
                  "rows, a timeout or a query error");
        }
      }

      softly.assertThat(DatabaseState.read()).isEqualTo(before);
      softly.assertThat(query(LOCKS_OF_OTHER_SESSIONS)).isEmpty();
      softly
          .assertThat(query("SELECT pid::text FROM pg_locks WHERE locktype = 'advisory'"))
          .isEmpty();
      softly
          .assertThat(query("SELECT pid::text FROM pg_stat_activity"))
          .as("no backend was terminated")
          .containsAll(sessions);
      softly.assertThat(bystander.isValid(2)).isTrue();
      softly
          .assertThat(
              query(
                  "SELECT pid || ' ' || state FROM pg_stat_activity WHERE state <> 'idle'"
                      + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"))
          .as("no session left in a transaction or a query")
          .isEmpty();
      softly.assertThat(Path.of(HostileQueries.COPY_FILE)).doesNotExist();
      softly.assertThat(Path.of(HostileQueries.PROGRAM_FILE)).doesNotExist();
      softly.assertAll();
    }
  }

  @Test
  void typedWriteIsRefusedInTheReplyNamingTheRule() {
    Message reply = router.handle("/sql DELETE FROM jobs", CALLER);

    assertThat(text(reply))
        .isEqualTo(
            "Refused by rule read-only-statement: only SELECT, WITH, TABLE, VALUES, SHOW and"
                + " EXPLAIN may run; this is DELETE.");
  }

  // The read-only transaction alone, as if the parser had missed the statement

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "INSERT INTO tenants VALUES (999, 'Intruder', 'starter', now())",
        "UPDATE jobs SET status = 'cancelled'",
        "DELETE FROM customers",
        "CREATE TABLE intruder (id int)",
        "SELECT nextval('jobs_id_seq')",
        "SELECT setval('jobs_id_seq', 1)",
        "SELECT * INTO intruder FROM jobs",
        "SELECT * FROM jobs FOR UPDATE",
        "SELECT lo_creat(-1)",
        "EXPLAIN ANALYZE DELETE FROM jobs"
      })
  void writeThatSlipsPastTheParserIsRefusedByTheReadOnlyTransaction(String sql)
      throws SQLException {
    DatabaseState before = DatabaseState.read();

    assertThatThrownBy(() -> runnerWithoutSessionDefaults.run(allowed(sql), List.of()))
        .isInstanceOfSatisfying(
            QueryFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.REFUSED_BY_DATABASE);
              assertThat(failure.getMessage())
                  .startsWith("refused by the database: cannot execute ")
                  .endsWith(" in a read-only transaction");
            });
    assertThat(DatabaseState.read()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT 1; COMMIT; DELETE FROM jobs",
        "SELECT E'\\' '; COMMIT; DROP TABLE jobs; --'",
        "SELECT 1; SET default_transaction_read_only = off"
      })
  void textTheDriverWouldSplitIntoSeveralStatementsIsNeverSent(String sql) throws SQLException {
    DatabaseState before = DatabaseState.read();

    assertThatThrownBy(() -> runnerWithoutSessionDefaults.run(allowed(sql), List.of()))
        .isInstanceOfSatisfying(
            QueryFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.NOT_SENT);
              assertThat(failure.getMessage()).startsWith("not sent: the database would read ");
            });
    assertThat(DatabaseState.read()).isEqualTo(before);
  }

  @Test
  void sleepIsCancelledByTheStatementTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () -> runnerWithoutSessionDefaults.run(allowed("SELECT pg_sleep(10)"), List.of()))
        .isInstanceOfSatisfying(
            QueryFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.TIMEOUT);
              assertThat(failure.getMessage())
                  .isEqualTo("cancelled after 1 s (the statement timeout)");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void subSecondTimeoutIsReportedInMilliseconds() {
    ReadOnlyQueryRunner quick =
        new ReadOnlyQueryRunner(
            superuser.dataSource(),
            new QueryLimits(Duration.ofMillis(300), Duration.ofMillis(300), 1000, 60));

    assertThatThrownBy(() -> quick.run(allowed("SELECT pg_sleep(10)"), List.of()))
        .hasMessage("cancelled after 300 ms (the statement timeout)");
  }

  @Test
  void lockWaitIsCancelledByTheLockTimeout() throws SQLException {
    DatabaseState before = DatabaseState.read();
    try (Connection holder = admin();
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.execute("LOCK TABLE tenants IN ACCESS EXCLUSIVE MODE");

      assertThatThrownBy(() -> runner.run(allowed("SELECT count(*) FROM tenants"), List.of()))
          .isInstanceOfSatisfying(
              QueryFailure.class,
              failure -> {
                assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.TIMEOUT);
                assertThat(failure.getMessage())
                    .isEqualTo("cancelled: a lock was not granted within 500 ms");
              });
      holder.rollback();
    }
    assertThat(DatabaseState.read()).isEqualTo(before);
  }

  // Rows: the cap, masking

  @Test
  void millionRowQueryFetchesTheCapAndSaysThereIsMore() throws QueryFailure {
    QueryResult result =
        runner.run(allowed("SELECT * FROM generate_series(1, 1000000) AS n"), List.of());

    assertThat(result.rows()).hasSize(1000);
    assertThat(result.rows().getFirst()).containsExactly("1");
    assertThat(result.rows().getLast()).containsExactly("1000");
    assertThat(result.more()).isTrue();
  }

  @Test
  void commandShowsFiftyRowsAndAttachesTheThousandFetchedAsCsv() {
    Message reply = router.handle("/sql SELECT * FROM generate_series(1, 1000000) AS n", CALLER);

    assertThat(reply.blocks())
        .filteredOn(Block.Table.class::isInstance)
        .singleElement()
        .satisfies(table -> assertThat(((Block.Table) table).rows()).hasSize(50));
    Block.File csv =
        reply.blocks().stream()
            .filter(Block.File.class::isInstance)
            .map(Block.File.class::cast)
            .findFirst()
            .orElseThrow();
    List<String> lines = csv.content().lines().toList();
    assertThat(lines).hasSize(1 + 1000);
    assertThat(lines.getFirst()).isEqualTo("n");
    assertThat(lines.getLast()).isEqualTo("1000");
    assertThat(text(reply))
        .contains("1000+ rows")
        .contains("showing 50 of 1,000+ (fetching stops there); all fetched rows are in the");
  }

  @Test
  void secretLookingColumnsAreMaskedAndNamed() throws QueryFailure {
    QueryResult table =
        runner.run(
            allowed("SELECT service, api_key, password FROM service_credentials"), List.of());
    QueryResult alias = runner.run(allowed("SELECT 'hunter2' AS password, 1 AS n"), List.of());

    assertThat(table.rows()).containsExactly(List.of("erp", "******", "******"));
    assertThat(table.maskedColumns()).containsExactly("api_key", "password");
    assertThat(alias.rows()).containsExactly(List.of("******", "1"));
    assertThat(alias.maskedColumns()).containsExactly("password");
  }

  @Test
  void replyNamesTheMaskedColumnsAndHoldsNoneOfTheirValues() {
    Message reply = router.handle("/sql SELECT * FROM service_credentials", CALLER);

    assertThat(text(reply)).contains("masked: api_key, password (they look secret)");
    assertThat(reply.toString()).doesNotContain("sk_live_4242").doesNotContain("hunter2");
  }

  // Errors

  @Test
  void databaseErrorGivesPostgresMessageAndACaretUnderThePosition() {
    SqlVerdict verdict = guard.check("SELECT nosuchcolumn FROM jobs", false);

    assertThatThrownBy(() -> runner.run((SqlVerdict.Allowed) verdict, List.of()))
        .isInstanceOfSatisfying(
            QueryFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.QUERY_ERROR);
              assertThat(failure.getMessage())
                  .isEqualTo(
                      """
                      column "nosuchcolumn" does not exist
                      SELECT nosuchcolumn FROM jobs
                             ^\
                      """);
            });
  }

  @Test
  void unreachableDatabaseIsReportedPromptlyAsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    try (SqlTarget down = new SqlTarget("fleet", new DatabaseConfig(url, "postgres", null, true))) {
      ReadOnlyQueryRunner unreachable = new ReadOnlyQueryRunner(down.dataSource(), LIMITS);
      long start = System.nanoTime();

      assertThatThrownBy(() -> unreachable.run(allowed("SELECT 1"), List.of()))
          .isInstanceOfSatisfying(
              QueryFailure.class,
              failure -> {
                assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.UNAVAILABLE);
                assertThat(failure.getMessage())
                    .isEqualTo("database unavailable: connection refused");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  // Saved queries: parameters are bound, never spliced

  @Test
  void savedQueryReturnsTheCustomersOfTheGivenTenant() throws SQLException {
    Message reply = router.handle("/sql tenant-customers tenant=3", CALLER);

    List<String> ids =
        table(reply).rows().stream().map(List::getFirst).collect(Collectors.toList());
    assertThat(ids)
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(
            query(
                "SELECT id::text FROM customers WHERE tenant_id = 3"
                    + " ORDER BY created_at DESC LIMIT 50"));
  }

  @Test
  void injectionIntoAnIntegerParameterIsAUsageError() {
    SavedQueryCatalog.Prepared tenantCustomers = catalog.find("tenant-customers").orElseThrow();

    assertThat(text(router.handle("/sql tenant-customers tenant=1 OR 1=1", CALLER)))
        .startsWith("'OR' is not name=value; tenant-customers takes tenant=<integer>. Usage:");
    assertThat(text(router.handle("/sql tenant-customers tenant=1OR1=1", CALLER)))
        .startsWith("tenant must be a whole number, not '1OR1=1'. Usage:");
    assertThatThrownBy(() -> SavedQueryCatalog.bind(tenantCustomers, Map.of("tenant", "1 OR 1=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenant must be a whole number, not '1 OR 1=1'");
  }

  @Test
  void textParameterHoldingSqlIsBoundAsAValue() throws Exception {
    DatabaseState before = DatabaseState.read();
    SavedQueryCatalog.Prepared failures = catalog.find("agent-failures").orElseThrow();
    List<Object> values =
        SavedQueryCatalog.bind(failures, Map.of("agent", "'; DROP TABLE jobs; --"));

    QueryResult result = runner.run(failures.statement(), values);
    Message reply = router.handle("/sql agent-failures agent=';DROP/**/TABLE/**/jobs;--", CALLER);

    assertThat(result.columns()).containsExactly("status", "execution_time_ms", "created_at");
    assertThat(result.rows()).isEmpty();
    assertThat(text(reply)).startsWith("agent-failures on fleet: 0 rows in ");
    assertThat(DatabaseState.read()).isEqualTo(before);
  }

  // The third rail: the role's privileges

  @Test
  void superuserRoleIsWarnedAbout() {
    assertThat(superuser.roleWarnings())
        .contains("/sql on 'fleet' connects as postgres, a SUPERUSER: give it a read-only role");
  }

  @Test
  void demoReadOnlyRoleHasNoWarnings() {
    try (SqlTarget readOnly = new SqlTarget("fleet", config("opsbot_readonly"))) {
      assertThat(readOnly.roleWarnings()).isEmpty();
    }
  }

  @Test
  void roleThatMayInsertIsWarnedAbout() throws SQLException {
    execute(
        "CREATE ROLE opsbot_writer LOGIN PASSWORD '" + TEST_PASSWORD + "'",
        "GRANT CONNECT ON DATABASE postgres TO opsbot_writer",
        "GRANT USAGE ON SCHEMA public TO opsbot_writer",
        "GRANT SELECT, INSERT ON tenants TO opsbot_writer");
    try (SqlTarget writer = new SqlTarget("fleet", config("opsbot_writer"))) {
      assertThat(writer.roleWarnings())
          .containsExactly(
              "/sql on 'fleet' connects as opsbot_writer, which may INSERT, UPDATE or DELETE 1"
                  + " table(s): give it a read-only role (README: \"A read-only role for /sql\")");
    }
  }

  // Helpers

  private static final String LOCKS_OF_OTHER_SESSIONS =
      "SELECT locktype || ' ' || mode || ' held by ' || pid FROM pg_locks"
          + " WHERE pid <> pg_backend_pid()";

  /**
   * What no /sql query may change: each public table's rows (count and md5 of the sorted rows), and
   * the relations, functions, roles, role settings, sequences and large objects.
   */
  private record DatabaseState(Map<String, String> tables, List<String> catalog) {
    static DatabaseState read() throws SQLException {
      Map<String, String> tables = new LinkedHashMap<>();
      for (String table :
          query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
        tables.put(
            table,
            query(
                    "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '' ORDER BY"
                        + " t::text)), '-') FROM public.\""
                        + table
                        + "\" t")
                .getFirst());
      }
      List<String> catalog = new ArrayList<>();
      catalog.addAll(
          query(
              "SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                  + " AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1"));
      catalog.addAll(
          query(
              "SELECT p.oid::regprocedure::text FROM pg_proc p"
                  + " JOIN pg_namespace n ON n.oid = p.pronamespace"
                  + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"));
      catalog.addAll(
          query(
              "SELECT rolname || ' super=' || rolsuper || ' login=' || rolcanlogin FROM pg_roles"
                  + " ORDER BY 1"));
      catalog.addAll(
          query(
              "SELECT setrole::text || ' ' || array_to_string(setconfig, ',') FROM pg_db_role_setting"
                  + " ORDER BY 1"));
      catalog.addAll(
          query(
              "SELECT sequencename || ' last_value=' || coalesce(last_value::text, 'null')"
                  + " FROM pg_sequences ORDER BY 1"));
      catalog.addAll(query("SELECT 'large objects: ' || count(*) FROM pg_largeobject_metadata"));
      catalog.addAll(query("SELECT 'prepared transactions: ' || count(*) FROM pg_prepared_xacts"));
      return new DatabaseState(tables, catalog);
    }
  }

  /** How a query ended: "rows: n" or the failure's kind and message. */
  private static String outcome(ReadOnlyQueryRunner runner, SqlVerdict.Allowed query) {
    try {
      return "rows: " + runner.run(query, List.of()).rows().size();
    } catch (QueryFailure failure) {
      return failure.kind() + ": " + failure.getMessage();
    }
  }

  private static SqlVerdict.Allowed allowed(String sql) {
    return new SqlVerdict.Allowed(sql, List.of());
  }

  /**
   * The demo's generated passwords for its roles; the roles the tests create take TEST_PASSWORD.
   */
  private static DatabaseConfig config(String user) {
    Secret password =
        switch (user) {
          case "postgres" -> database.superuserPassword();
          case DemoDatabase.READ_ONLY_ROLE -> database.readOnlyPassword();
          default -> Secret.of(TEST_PASSWORD);
        };
    return new DatabaseConfig(database.jdbcUrl(), user, password, true);
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), "postgres", database.superuserPassword().reveal());
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection connection = admin();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The first column of every row, as text; run as the superuser outside /sql. */
  private static List<String> query(String sql) throws SQLException {
    try (Connection connection = admin();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static String pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return row.getString(1);
    }
  }

  private static Block.Table table(Message reply) {
    return reply.blocks().stream()
        .filter(Block.Table.class::isInstance)
        .map(Block.Table.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table in " + text(reply)));
  }

  private static String text(Message reply) {
    return reply.blocks().stream()
        .map(block ->
            switch (block) {
              case Block.Header header -> header.text();
              case Block.Text text -> text.text();
              case Block.Context context -> context.text();
              default -> "";
            })
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void anAtNamePicksTheDatabaseAndAnUnknownOneIsNamed() {
    CommandRouter twoDatabases =
        CommandRouter.withHelp(
            List.of(
                new SqlCommand(
                    "fleet",
                    java.util.Map.of("fleet", runner, "replica", runner),
                    new SqlGuard(),
                    catalog,
                    50)));

    Message replica = twoDatabases.handle("/sql @replica SELECT 1 AS one", CALLER);
    Message unknown = twoDatabases.handle("/sql @analytics SELECT 1", CALLER);

    assertThat(replica.fallbackText()).startsWith("/sql on replica: 1 row");
    assertThat(unknown.fallbackText()).startsWith("no database 'analytics': use one of");
  }

  // One deadline for the whole query, fetches included (issue 13, /sql 3)

  @Test
  void deadlineCoversEveryFetchAndFreesTheLockForWaitingDdl() throws Exception {
    execute(
        "CREATE OR REPLACE FUNCTION slow_row(n int) RETURNS int LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_sleep(0.004); RETURN n; END $$");
    SqlGuard allowingSlowRow = new SqlGuard(FunctionPolicy.withExtra(List.of("slow_row")));
    // 1,000 rows of 4 ms: each fetch of 250 takes 1 s at most, the whole query 4 s.
    SqlVerdict.Allowed query =
        (SqlVerdict.Allowed)
            allowingSlowRow.check(
                "SELECT slow_row(n), t.name FROM generate_series(1, 1000) n,"
                    + " (SELECT name FROM tenants LIMIT 1) t",
                false);
    ReadOnlyQueryRunner twoSeconds =
        new ReadOnlyQueryRunner(
            superuser.dataSource(),
            new QueryLimits(Duration.ofSeconds(2), Duration.ofMillis(500), 1000, 60));
    try (Connection ddl = admin();
        Statement statement = ddl.createStatement()) {
      ddl.setAutoCommit(false);
      statement.execute("SET lock_timeout = '20s'");
      long start = System.nanoTime();
      var running =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> outcome(twoSeconds, query));
      Thread.sleep(300);
      statement.execute("ALTER TABLE tenants ADD COLUMN waited int"); // waits behind the query
      Duration lockGranted = Duration.ofNanos(System.nanoTime() - start);
      ddl.rollback();
      String outcome = running.get(20, java.util.concurrent.TimeUnit.SECONDS);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(outcome).isEqualTo("TIMEOUT: cancelled after 2 s (the statement timeout)");
      assertThat(lockGranted).isLessThan(Duration.ofMillis(2_000 + 1_500));
      assertThat(elapsed).isLessThan(Duration.ofMillis(2_000 + 2_000));
    } finally {
      execute("DROP FUNCTION slow_row(int)");
    }
  }

  /** The same class through the guard and the router, with an allowed but slow expression. */
  @Test
  void slowPureExpressionOverManyFetchesStopsAtTheDeadline() {
    long start = System.nanoTime();

    Message reply =
        router.handle(
            "/sql SELECT md5(repeat(n::text, 300000)) FROM generate_series(1, 1000) n", CALLER);

    assertThat(text(reply)).startsWith("cancelled after 1 s (the statement timeout)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
  }

  // Bytes, not only rows (issue 13, /sql 4)

  @Test
  void hugeValuesAreCutByTheServerAndNeverReadWhole() throws Exception {
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    long allocatedBefore = threads.getThreadAllocatedBytes(id);
    ReadOnlyQueryRunner patient =
        new ReadOnlyQueryRunner(
            superuser.dataSource(),
            new QueryLimits(Duration.ofSeconds(20), Duration.ofMillis(500), 1000, 60));

    // 200 rows of 8 MB: 1.6 GB if read whole.
    QueryResult result =
        patient.run(
            allowed("SELECT repeat('x', 8 * 1024 * 1024) AS big, n FROM generate_series(1, 200) n"),
            List.of());

    long allocated = threads.getThreadAllocatedBytes(id) - allocatedBefore;
    assertThat(result.rows()).hasSize(200);
    assertThat(result.rows().getFirst().getFirst()).isEqualTo("x".repeat(59) + "…");
    assertThat(result.rows().getLast().getLast()).isEqualTo("200");
    assertThat(result.cellsCut()).isTrue();
    assertThat(allocated).as("bytes allocated while reading").isLessThan(64L * 1024 * 1024);
  }

  @Test
  void replySaysValuesWereCut() {
    Message reply = router.handle("/sql SELECT repeat('ab', 5000000) AS long_text", CALLER);

    assertThat(table(reply).rows().getFirst().getFirst()).hasSize(60).endsWith("…");
    assertThat(text(reply))
        .contains("long values were cut (…): the database sent only their start");
  }

  @Test
  void readingStopsAtTheCapOnBytesAndSaysSo() throws QueryFailure {
    ReadOnlyQueryRunner capped =
        new ReadOnlyQueryRunner(
            superuser.dataSource(),
            new QueryLimits(Duration.ofSeconds(5), Duration.ofMillis(500), 1000, 60, 20_000));
    CommandRouter cappedRouter =
        CommandRouter.withHelp(List.of(new SqlCommand("fleet", capped, guard, catalog, 50)));

    QueryResult result =
        capped.run(allowed("SELECT repeat('y', 1000) FROM generate_series(1, 1000)"), List.of());
    Message reply =
        cappedRouter.handle("/sql SELECT repeat('y', 1000) FROM generate_series(1, 1000)", CALLER);

    assertThat(result.rows()).hasSizeBetween(300, 400);
    assertThat(result.bytesCapped()).isTrue();
    assertThat(result.more()).isTrue();
    assertThat(text(reply)).contains("at the cap on bytes read");
  }

  // The real error, and no control character in what is shown (issue 13, /sql 5)

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT row_number() FILTER (WHERE true) OVER ()",
        "SELECT count(*) OVER (ORDER BY id RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)"
            + " FROM (VALUES ('a')) v(id)"
      })
  void errorThatMakesThePoolDropTheConnectionIsReportedAsItself(String sql) throws Exception {
    assertThatThrownBy(() -> runner.run(allowed(sql), List.of()))
        .isInstanceOfSatisfying(
            QueryFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(QueryFailure.Kind.QUERY_ERROR);
              assertThat(failure.getMessage()).doesNotContain("onnection").isNotBlank();
            });
    assertThat(runner.run(allowed("SELECT 1"), List.of()).rows()).containsExactly(List.of("1"));
  }

  @Test
  void sessionEndedByAnAdministratorIsReportedAsSuch() throws Exception {
    var running =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> outcome(runner, allowed("SELECT pg_sleep(0.8), 'survived'")));
    Thread.sleep(300);
    execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE query LIKE '%survived%' AND pid <> pg_backend_pid()");

    assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .contains("terminating connection due to administrator command")
        .doesNotContain("Connection is closed");
  }

  @Test
  void controlCharactersInValuesAndColumnNamesAreShownAsSymbols() {
    Message reply =
        router.handle(
            "/sql SELECT chr(27) || '[2J' || chr(7) || chr(155) || chr(8238) || 'txt' AS \"a"
                + "\u001b"
                + "[31mb\"",
            CALLER);

    Block.Table table = table(reply);
    assertThat(table.columns()).containsExactly("a␛[31mb");
    assertThat(table.rows().getFirst().getFirst()).isEqualTo("␛[2J␇<U+009B><U+202E>txt");
    assertThat(reply.toString()).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void controlCharactersInAnErrorAreShownAsSymbols() {
    Message reply = router.handle("/sql SELECT (chr(27) || '[2J')::int", CALLER);

    assertThat(text(reply)).contains("␛[2J").doesNotContain("\u001b");
  }

  @Test
  void roleThatMaySignalOtherSessionsIsWarnedAbout() throws SQLException {
    execute(
        "CREATE ROLE opsbot_signaller LOGIN PASSWORD '" + TEST_PASSWORD + "'",
        "GRANT CONNECT ON DATABASE postgres TO opsbot_signaller",
        "GRANT USAGE ON SCHEMA public TO opsbot_signaller",
        "GRANT SELECT ON tenants TO opsbot_signaller",
        "GRANT pg_signal_backend TO opsbot_signaller",
        "GRANT opsbot_readonly TO opsbot_signaller");
    try (SqlTarget signaller = new SqlTarget("fleet", config("opsbot_signaller"))) {
      assertThat(signaller.roleWarnings(List.of("opsbot_state")))
          .containsExactly(
              "/sql on 'fleet' connects as opsbot_signaller, which has the privileges of"
                  + " opsbot_readonly, pg_signal_backend: it could signal (cancel, end) their"
                  + " sessions or reach server files; revoke the membership (README: \"A"
                  + " read-only role for /sql\")");
    }
    try (SqlTarget readOnly = new SqlTarget("fleet", config("opsbot_readonly"))) {
      assertThat(readOnly.roleWarnings(List.of("opsbot_readonly")))
          .containsExactly(
              "/sql on 'fleet' connects as opsbot_readonly, a role opsbot also uses elsewhere:"
                  + " /sql could cancel or end those sessions; give /sql a role of its own");
    }
  }
}
