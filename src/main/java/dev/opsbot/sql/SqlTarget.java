package dev.opsbot.sql;

import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.PoolConfigs;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.opsbot.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
    HikariConfig hikari =
        PoolConfigs.of("sql-" + name, config, 3);
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

  /**
   * What is unsafe about the role {@code /sql} connects as: superuser, or allowed to INSERT, UPDATE
   * or DELETE some table. Empty when the role is read-only; one line saying so when the database
   * cannot be reached.
   */
  public List<String> roleWarnings() {
    List<String> warnings = new ArrayList<>();
    String sql =
        "SELECT current_user, r.rolsuper,"
            + " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "  WHERE c.relkind IN ('r', 'p')"
            + "  AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + "  AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')"
            + "       OR has_table_privilege(c.oid, 'DELETE'))) AS writable"
            + " FROM pg_roles r WHERE r.rolname = current_user";
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      if (row.next()) {
        String role = row.getString(1);
        if (row.getBoolean(2)) {
          warnings.add(
              "/sql on '"
                  + name
                  + "' connects as "
                  + role
                  + ", a SUPERUSER: give it a read-only role");
        }
        long writable = row.getLong(3);
        if (writable > 0) {
          warnings.add(
              "/sql on '"
                  + name
                  + "' connects as "
                  + role
                  + ", which may INSERT, UPDATE or DELETE "
                  + writable
                  + " table(s): give it a read-only role (README: \"A read-only role for /sql\")");
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

  @Override
  public void close() {
    pool.close();
  }
}
