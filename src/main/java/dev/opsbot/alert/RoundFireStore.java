package dev.opsbot.alert;

import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pending-to-firing moves of one probe round in one transaction: each alert's row is locked (in
 * id order, so two replicas firing the same round take turns rather than deadlock), checked against
 * {@link StoredAlertState} as {@link AlertStore#fire} checks it, moved and its transition recorded;
 * the statements go to PostgreSQL as JDBC batches. A second replica firing the same round waits for
 * the first's commit and finds the alerts firing.
 */
final class RoundFireStore {
  private final StateDatabase database;

  RoundFireStore(StateDatabase database) {
    this.database = database;
  }

  /** One alert to fire: what fired it, when, and the note of its transition. */
  record Firing(long id, AlertStore.WhatFired what, Instant at, String note) {}

  /**
   * Fires every alert of {@code firings} that is pending; returns each alert as the database holds
   * it afterwards, as a {@link AlertMove.Moved} for those moved here and an {@link
   * AlertMove.AlreadyThere} (or {@link AlertMove.NotAllowed}) for those another replica moved
   * first. An alert that no longer exists is left out.
   */
  Map<Long, AlertMove> fireAll(Collection<Firing> firings) {
    if (firings.isEmpty()) {
      return Map.of();
    }
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection()) {
      return Transaction.commitIf(
          connection,
          c -> fire(c, firings),
          moves -> moves.values().stream().anyMatch(AlertMove.Moved.class::isInstance));
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  /**
   * {@link SilenceStore}'s hold for the fired alerts of one round in one statement: marks those an
   * active silence matches and no replica placed yet; returns their ids.
   */
  Set<Long> holdSilenced(Collection<Long> alertIds, Instant at) {
    if (alertIds.isEmpty()) {
      return Set.of();
    }
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE alerts a SET silenced_at = COALESCE(a.silenced_at, ?) WHERE a.id IN"
                    + " (SELECT id FROM alerts WHERE id = ANY (?) ORDER BY id FOR UPDATE)"
                    + " AND a.incident_id IS NULL AND"
                    + SilenceStore.silencedAlert("a")
                    + "RETURNING a.id")) {
      statement.setTimestamp(1, Timestamp.from(at));
      statement.setArray(2, connection.createArrayOf("bigint", alertIds.toArray()));
      SilenceStore.bindActive(statement, 3, at);
      Set<Long> held = new HashSet<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          held.add(rows.getLong(1));
        }
      }
      return held;
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  private static Map<Long, AlertMove> fire(Connection connection, Collection<Firing> firings)
      throws SQLException {
    Long[] ids = firings.stream().map(Firing::id).toArray(Long[]::new);
    Map<Long, StoredAlert> current = select(connection, ids, " ORDER BY id FOR UPDATE");
    List<Firing> moving = new ArrayList<>();
    Map<Long, AlertMove> moves = new LinkedHashMap<>();
    for (Firing firing : firings) {
      StoredAlert alert = current.get(firing.id());
      if (alert == null || moves.containsKey(firing.id())) {
        continue;
      }
      if (alert.state() == StoredAlertState.PENDING) {
        moving.add(firing);
        moves.put(firing.id(), null);
      } else {
        moves.put(
            firing.id(),
            alert.state() == StoredAlertState.FIRING
                ? new AlertMove.AlreadyThere(alert)
                : new AlertMove.NotAllowed(alert, StoredAlertState.FIRING));
      }
    }
    if (moving.isEmpty()) {
      return moves;
    }
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE alerts SET state = 'firing', fired_at = COALESCE(fired_at, ?),"
                    + " snoozed_until = NULL, summary = ?, value = ?, threshold = ?, reason = ?"
                    + " WHERE id = ?");
        PreparedStatement record =
            connection.prepareStatement(
                "INSERT INTO alert_transitions (alert_id, from_state, to_state, by_user, at, note)"
                    + " VALUES (?, 'pending', 'firing', NULL, ?, ?)")) {
      for (Firing firing : moving) {
        Timestamp at = Timestamp.from(firing.at());
        update.setTimestamp(1, at);
        update.setString(2, firing.what().summary());
        update.setString(3, firing.what().value());
        update.setString(4, firing.what().threshold());
        update.setString(5, firing.what().reason());
        update.setLong(6, firing.id());
        update.addBatch();
        record.setLong(1, firing.id());
        record.setTimestamp(2, at);
        record.setString(3, firing.note());
        record.addBatch();
      }
      update.executeBatch();
      record.executeBatch();
    }
    Map<Long, StoredAlert> fired =
        select(connection, moving.stream().map(Firing::id).toArray(Long[]::new), "");
    moving.forEach(firing -> moves.put(firing.id(), new AlertMove.Moved(fired.get(firing.id()))));
    return moves;
  }

  private static Map<Long, StoredAlert> select(Connection connection, Long[] ids, String tail)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + AlertStore.COLUMNS + " FROM alerts WHERE id = ANY (?)" + tail)) {
      statement.setArray(1, connection.createArrayOf("bigint", ids));
      Map<Long, StoredAlert> alerts = new LinkedHashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          StoredAlert alert = AlertStore.alert(rows);
          alerts.put(alert.id(), alert);
        }
      }
      return alerts;
    }
  }
}
