package dev.opsbot.alert;

import dev.opsbot.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Why an open alert is not paging on its own, for {@code /alerts}: held back by a silence or a
 * maintenance window ({@code silenced_at}), or folded into its dependency's alert ({@code
 * folded_into}).
 */
final class OpenAlertMarksQueries {
  private final StateDatabase database;

  OpenAlertMarksQueries(StateDatabase database) {
    this.database = database;
  }

  /** The open alerts that have a mark, by id: "silenced", or "folded into #12". */
  Map<Long, String> marks() {
    database.requireReady();
    String sql =
        "SELECT id, silenced_at IS NOT NULL AS silenced, folded_into FROM alerts"
            + " WHERE state <> 'resolved' AND (silenced_at IS NOT NULL OR folded_into IS NOT NULL)";
    Map<Long, String> marks = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long folded = rows.getLong("folded_into");
        boolean notFolded = rows.wasNull();
        marks.put(rows.getLong("id"), notFolded ? "silenced" : "folded into #" + folded);
      }
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
    return marks;
  }
}
