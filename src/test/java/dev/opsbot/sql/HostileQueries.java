package dev.opsbot.sql;

import java.util.List;

/**
 * What a hostile or careless user might type into {@code /sql}, each with the rule {@link SqlGuard}
 * refuses it by. Shared by the parser's unit test and the integration test that runs the whole
 * corpus against the demo database.
 */
final class HostileQueries {
  private HostileQueries() {}

  /**
   * One input. {@code rule} is the guard rule that refuses it; null when the parser lets it through
   * and the database must make it harmless (a timeout, an error, or rows).
   */
  record Hostile(String label, String sql, String rule) {
    boolean refusedByGuard() {
      return rule != null;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Files the COPY entries would write on the database host; they must never appear. */
  static final String COPY_FILE = "/tmp/opsbot-sql-guardrails-jobs.csv";

  static final String PROGRAM_FILE = "/tmp/opsbot-sql-guardrails-pwned";

  static final List<Hostile> CORPUS =
      List.of(
          // Writes and DDL
          refused(
              "insert",
              "INSERT INTO tenants (id, name, plan, created_at)"
                  + " VALUES (999, 'Intruder', 'starter', now())",
              "read-only-statement"),
          refused("update", "UPDATE jobs SET status = 'cancelled'", "read-only-statement"),
          refused("delete", "DELETE FROM customers WHERE tenant_id = 1", "read-only-statement"),
          refused(
              "merge",
              "MERGE INTO tenants t USING (SELECT 1 AS id) s ON t.id = s.id"
                  + " WHEN MATCHED THEN DELETE",
              "read-only-statement"),
          refused("truncate", "TRUNCATE jobs CASCADE", "read-only-statement"),
          refused("create table", "CREATE TABLE intruder (id int)", "read-only-statement"),
          refused("drop table", "DROP TABLE jobs CASCADE", "read-only-statement"),
          refused("alter table", "ALTER TABLE jobs DROP COLUMN title", "read-only-statement"),
          refused(
              "grant",
              "GRANT ALL ON ALL TABLES IN SCHEMA public TO opsbot_readonly",
              "read-only-statement"),
          refused("create role", "CREATE ROLE intruder SUPERUSER LOGIN", "read-only-statement"),
          refused(
              "create function",
              "CREATE FUNCTION wipe() RETURNS int LANGUAGE sql AS 'DELETE FROM jobs; SELECT 1'",
              "read-only-statement"),
          refused(
              "set session read-write",
              "SET default_transaction_read_only = off",
              "read-only-statement"),
          refused("set role", "SET ROLE opsbot_readonly", "read-only-statement"),
          refused("analyze", "ANALYZE jobs", "read-only-statement"),
          refused("explain of a delete", "EXPLAIN DELETE FROM jobs", "read-only-statement"),
          // More than one statement
          refused("select then drop", "SELECT 1; DROP TABLE jobs", "one-statement"),
          refused(
              "set transaction read write first",
              "SET TRANSACTION READ WRITE; DELETE FROM jobs",
              "parse"),
          refused("commit first", "COMMIT; DELETE FROM jobs", "one-statement"),
          refused(
              "rollback first",
              "ROLLBACK; INSERT INTO tenants VALUES (998, 'x', 'starter', now())",
              "one-statement"),
          // Data-modifying CTEs
          refused(
              "cte delete",
              "WITH gone AS (DELETE FROM jobs RETURNING *) SELECT count(*) FROM gone",
              "no-data-modifying-cte"),
          refused(
              "cte update",
              "WITH moved AS (UPDATE customers SET tenant_id = 1 RETURNING id)"
                  + " SELECT count(*) FROM moved",
              "no-data-modifying-cte"),
          refused(
              "cte insert behind a read",
              "WITH a AS (SELECT 1), b AS (INSERT INTO tenants VALUES (997, 'x', 'starter', now())"
                  + " RETURNING id) SELECT * FROM a",
              "no-data-modifying-cte"),
          // Semicolons hidden in comments, dollar quotes and escape strings
          refused(
              "semicolon after a comment", "SELECT 1 /* ; */; DROP TABLE jobs", "one-statement"),
          refused(
              "semicolon after dollar quotes", "SELECT $$;$$; DROP TABLE jobs", "one-statement"),
          refused(
              "escape string hiding a drop",
              "SELECT E'\\''; DROP TABLE jobs; --'",
              "one-statement"),
          refused(
              "escape string hiding a commit",
              "SELECT E'\\''; COMMIT; SET default_transaction_read_only = off; COMMIT;"
                  + " DROP TABLE jobs; --'",
              "one-statement"),
          refused(
              "escape string hiding a call",
              "SELECT E'\\'', pg_advisory_lock(41) --'",
              "denied-function"),
          harmless("nested comment swallowing a drop", "SELECT 1 /* /* */ ; DROP TABLE jobs; */"),
          harmless("drop inside dollar quotes", "SELECT $$ ; DROP TABLE jobs; $$"),
          harmless("drop inside a string", "SELECT 'x''; DROP TABLE jobs; --' AS note"),
          refused(
              "unicode-escaped pg_sleep", "SELECT U&\"pg\\005fsleep\"(30)", "function-not-allowed"),
          // Functions acting outside the query
          refused("pg_sleep", "SELECT pg_sleep(30)", "denied-function"),
          refused(
              "qualified quoted pg_sleep", "SELECT pg_catalog.\"pg_sleep\"(30)", "denied-function"),
          refused(
              "set_config",
              "SELECT set_config('default_transaction_read_only', 'off', false)",
              "denied-function"),
          refused("advisory lock", "SELECT pg_advisory_lock(42)", "denied-function"),
          refused("try advisory lock", "SELECT pg_try_advisory_lock(43)", "denied-function"),
          refused(
              "advisory lock in an aggregate's order by",
              "SELECT string_agg(name, ',' ORDER BY pg_advisory_lock(44)::text) FROM tenants",
              "denied-function"),
          refused("nextval", "SELECT nextval('jobs_id_seq')", "denied-function"),
          refused(
              "setval as a window", "SELECT setval('jobs_id_seq', 1) OVER ()", "denied-function"),
          refused("large object create", "SELECT lo_creat(-1)", "denied-function"),
          refused("large object import", "SELECT lo_import('/etc/hostname')", "denied-function"),
          refused(
              "terminate other backends",
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
              "denied-function"),
          refused(
              "cancel other backends",
              "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
              "denied-function"),
          refused(
              "terminate inside at time zone",
              "SELECT now() AT TIME ZONE pg_terminate_backend(pid)::text FROM pg_stat_activity",
              "denied-function"),
          refused("read a server file", "SELECT pg_read_file('/etc/hostname')", "denied-function"),
          refused(
              "read a file inside position",
              "SELECT position('x' IN pg_read_file('/etc/hostname'))",
              "denied-function"),
          refused(
              "dblink",
              "SELECT * FROM dblink('dbname=postgres', 'DELETE FROM jobs') AS t(x text)",
              "denied-function"),
          refused("notify", "SELECT pg_notify('opsbot', 'x')", "denied-function"),
          // Locks, COPY, SELECT INTO, EXPLAIN ANALYZE
          refused("lock table", "LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE", "parse"),
          refused("copy to a file", "COPY jobs TO '" + COPY_FILE + "'", "parse"),
          refused(
              "copy to a program",
              "COPY (SELECT 1) TO PROGRAM 'touch " + PROGRAM_FILE + "'",
              "parse"),
          refused("for update", "SELECT * FROM jobs FOR UPDATE", "no-locking-clause"),
          refused(
              "for share in a subquery",
              "SELECT count(*) FROM (SELECT id FROM jobs FOR SHARE) j",
              "no-locking-clause"),
          refused(
              "for update inside position",
              "SELECT position((SELECT title FROM jobs LIMIT 1 FOR UPDATE) IN 'x')",
              "no-locking-clause"),
          refused("select into", "SELECT * INTO intruder FROM jobs", "no-select-into"),
          refused(
              "explain analyze delete", "EXPLAIN ANALYZE DELETE FROM jobs", "no-explain-analyze"),
          refused("explain (analyze)", "EXPLAIN (ANALYZE) SELECT 1", "no-explain-analyze"),
          // Procedural and session statements
          refused("do block", "DO $$ BEGIN DELETE FROM jobs; END $$", "parse"),
          refused("prepare", "PREPARE wipe AS DELETE FROM jobs", "parse"),
          refused("execute", "EXECUTE wipe", "read-only-statement"),
          refused("call", "CALL wipe()", "read-only-statement"),
          refused("prepare transaction", "PREPARE TRANSACTION 'opsbot'", "parse"),
          refused("vacuum full", "VACUUM FULL jobs", "parse"),
          refused("placeholder", "SELECT * FROM tenants WHERE id = ?", "no-placeholders"),
          refused("named parameter", "SELECT * FROM tenants WHERE id = :id", "no-placeholders"),
          refused("too long", "SELECT '" + "x".repeat(SqlGuard.MAX_LENGTH) + "'", "too-long"),
          // Heavy queries: allowed, stopped by the statement timeout
          harmless(
              "huge cross join",
              "SELECT count(*) FROM generate_series(1, 100000000) a"
                  + " CROSS JOIN generate_series(1, 100000000) b"),
          harmless(
              "cross join of the fleet", "SELECT count(*) FROM jobs a, customers b, tenants c"),
          harmless(
              "endless recursive cte",
              "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
                  + " SELECT count(*) FROM r"));

  static List<Hostile> refusedByGuard() {
    return CORPUS.stream().filter(Hostile::refusedByGuard).toList();
  }

  private static Hostile refused(String label, String sql, String rule) {
    return new Hostile(label, sql, rule);
  }

  private static Hostile harmless(String label, String sql) {
    return new Hostile(label, sql, null);
  }
}
