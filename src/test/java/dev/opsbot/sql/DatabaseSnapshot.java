package dev.opsbot.sql;

import dev.opsbot.demo.DemoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What no {@code /sql} query may change, read as the superuser outside /sql: each public table's
 * rows, the catalogue (relations, functions, roles and their settings, sequences, large objects,
 * prepared transactions), the server's settings, the top of its data directory, and files in the
 * temporary directory whose names start with {@code prefix}.
 */
record DatabaseSnapshot(
    Map<String, String> tables, List<String> catalog, List<String> settings, List<String> files) {

  static DatabaseSnapshot read(DemoDatabase database, String prefix) throws Exception {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String table :
        query(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
      tables.put(
          table,
          query(
                  database,
                  "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '' ORDER BY"
                      + " t::text)), '-') FROM public.\""
                      + table
                      + "\" t")
              .getFirst());
    }
    List<String> catalog = new ArrayList<>();
    for (String sql :
        List.of(
            "SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1",
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
            "SELECT rolname || ' super=' || rolsuper || ' login=' || rolcanlogin FROM pg_roles"
                + " ORDER BY 1",
            "SELECT r.rolname || ' in ' || g.rolname FROM pg_auth_members m"
                + " JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid"
                + " ORDER BY 1",
            "SELECT setrole::text || ' ' || array_to_string(setconfig, ',')"
                + " FROM pg_db_role_setting ORDER BY 1",
            "SELECT sequencename || ' last_value=' || coalesce(last_value::text, 'null')"
                + " FROM pg_sequences ORDER BY 1",
            "SELECT 'large objects: ' || count(*) FROM pg_largeobject_metadata",
            "SELECT 'prepared transactions: ' || count(*) FROM pg_prepared_xacts",
            "SELECT 'replication slots: ' || count(*) FROM pg_replication_slots",
            "SELECT extname FROM pg_extension ORDER BY 1")) {
      catalog.addAll(query(database, sql));
    }
    List<String> settings =
        query(
            database,
            "SELECT name || '=' || setting FROM pg_settings WHERE source NOT IN ('session',"
                + " 'client', 'default') ORDER BY 1");
    List<String> files = new ArrayList<>(query(database, "SELECT pg_ls_dir('.') ORDER BY 1"));
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      tmp.map(Path::getFileName)
          .map(Path::toString)
          .filter(name -> name.startsWith(prefix))
          .sorted()
          .forEach(files::add);
    }
    return new DatabaseSnapshot(tables, catalog, settings, files);
  }

  /** The first column of every row, as text. */
  static List<String> query(DemoDatabase database, String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), "postgres", database.superuserPassword().reveal());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }
}
