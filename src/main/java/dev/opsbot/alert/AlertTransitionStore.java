package dev.opsbot.alert;

import dev.opsbot.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The history of each alert (table alert_transitions): who moved it where, and when. */
final class AlertTransitionStore {
  private AlertTransitionStore() {}

  /** Records a move in the transaction of {@code connection}, the one that makes it. */
  static void record(
      Connection connection,
      long id,
      StoredAlertState from,
      StoredAlertState to,
      String by,
      Instant at,
      String note)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO alert_transitions (alert_id, from_state, to_state, by_user, at, note)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      statement.setLong(1, id);
      statement.setString(2, from == null ? null : from.id());
      statement.setString(3, to.id());
      statement.setString(4, by);
      statement.setTimestamp(5, Timestamp.from(at));
      statement.setString(6, note);
      statement.executeUpdate();
    }
  }

  /** The changes of one alert, oldest first. */
  static List<AlertTransition> transitions(StateDatabase database, long id) {
    database.requireReady();
    String sql =
        "SELECT alert_id, from_state, to_state, by_user, at, note FROM alert_transitions"
            + " WHERE alert_id = ? ORDER BY at, id";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      List<AlertTransition> transitions = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String from = rows.getString("from_state");
          transitions.add(
              new AlertTransition(
                  rows.getLong("alert_id"),
                  from == null ? null : StoredAlertState.of(from),
                  StoredAlertState.of(rows.getString("to_state")),
                  rows.getString("by_user"),
                  rows.getTimestamp("at").toInstant(),
                  rows.getString("note")));
        }
      }
      return transitions;
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }
}
