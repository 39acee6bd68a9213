package dev.opsbot.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.opsbot.config.DatabaseConfig;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.PoolConfigs;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * A database {@code /sql} queries: its own small pool of read-only connections, and the third guard
 * rail, a check that its role cannot write.
 */
public final class SqlTarget implements AutoCloseable {
  private final String name;
  private final HikariDataSource pool;

  public SqlTarget(String name, DatabaseConfig config) {
    this.name = name;
    HikariConfig hikari = PoolConfigs.of("sql-" + name, config, 3);
    hikari.setReadOnly(true);
    hikari.setAutoCommit(false);
    // Every session starts read-only, even before opsbot's own SET TRANSACTION.
    hikari.addDataSourceProperty("options", "-c default_transaction_read_only=on");
    this.pool = new HikariDataSource(hikari);
  }

  public String name() {
    return name;
  }

  public DataSource dataSource() {
    return pool;
  }

  /** As {@link #roleWarnings(Collection)}, knowing none of the bot's other roles. */
  public List<String> roleWarnings() {
    return roleWarnings(List.of());
  }

  /**
   * What is unsafe about the role {@code /sql} connects as: superuser, allowed to INSERT, UPDATE or
   * DELETE some table, one of {@code botRoles} (the roles of opsbot's other connections), or with
   * the privileges of a role that lets it signal other sessions (pg_signal_backend, another login
   * role, one of {@code botRoles}) or reach the server's files. Empty when the role is read-only
   * and alone; one line saying so when the database cannot be reached.
   */
  public List<String> roleWarnings(Collection<String> botRoles) {
    List<String> warnings = new ArrayList<>();
    String sql =
        "SELECT current_user, r.rolsuper,"
            + " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "  WHERE c.relkind IN ('r', 'p')"
            + "  AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + "  AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')"
            + "       OR has_table_privilege(c.oid, 'DELETE'))) AS writable,"
            + " (SELECT array_agg(o.rolname::text ORDER BY o.rolname) FROM pg_roles o"
            + "  WHERE o.rolname <> current_user AND pg_has_role(current_user, o.oid, 'USAGE')"
            + "  AND (o.rolcanlogin OR o.rolname IN ('pg_signal_backend', 'pg_read_server_files',"
            + "       'pg_write_server_files', 'pg_execute_server_program')"
            + "       OR o.rolname = ANY (?))) AS risky"
            + " FROM pg_roles r WHERE r.rolname = current_user";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setArray(1, connection.createArrayOf("text", botRoles.toArray()));
      try (ResultSet row = statement.executeQuery()) {
        if (row.next()) {
          warn(warnings, row.getString(1), row.getBoolean(2), row.getLong(3), row.getArray(4));
          if (botRoles.contains(row.getString(1))) {
            warnings.add(
                prefix(row.getString(1))
                    + ", a role opsbot also uses elsewhere: /sql could cancel or end those"
                    + " sessions; give /sql a role of its own");
          }
        }
      }
      connection.rollback();
    } catch (SQLException e) {
      warnings.add(
          "/sql on '"
              + name
              + "': the role could not be checked ("
              + ConnectionErrors.describe(e)
              + ")");
    }
    return warnings;
  }

  private void warn(
      List<String> warnings, String role, boolean superuser, long writable, Array risky)
      throws SQLException {
    if (superuser) {
      warnings.add(prefix(role) + ", a SUPERUSER: give it a read-only role");
    }
    if (writable > 0) {
      warnings.add(
          prefix(role)
              + ", which may INSERT, UPDATE or DELETE "
              + writable
              + " table(s): give it a read-only role (README: \"A read-only role for /sql\")");
    }
    if (risky != null && !superuser) {
      List<String> roles = List.of((String[]) risky.getArray());
      warnings.add(
          prefix(role)
              + ", which has the privileges of "
              + String.join(", ", roles)
              + ": it could signal (cancel, end) their sessions or reach server files; revoke"
              + " the membership (README: \"A read-only role for /sql\")");
    }
  }

  private String prefix(String role) {
    return "/sql on '" + name + "' connects as " + role;
  }

  @Override
  public void close() {
    pool.close();
  }
}
