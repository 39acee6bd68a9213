package dev.opsbot.alert;

import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.state.StateDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which alerts are folded into a dependency's alert (V18, {@code folded_into}), read and changed in
 * the state database so that every replica folds the same way: the fold is made with the alert's
 * placement, the first replica to place it wins, and an unfold is a move under the row lock with
 * its post enqueued in the same transaction, so it is posted once.
 */
final class FoldStore {
  private final StateDatabase database;

  FoldStore(StateDatabase database) {
    this.database = database;
  }

  /** A dependency's open, shown DOWN alert: the thread its dependents fold into. */
  record Root(long alertId, String service, long threadId, String channel) {}

  /** Where an alert is shown, and the alert it is folded into (null when it is not). */
  record Placement(long threadId, String channel, Long foldedInto) {}

  /** A folded alert, still open, whose root alert is resolved. */
  record Orphan(long id, String ruleId, String service, long rootId, long threadId) {}

  /** The earliest-fired open DOWN alert of one of {@code services}, shown in a thread. */
  Optional<Root> downAmong(Collection<String> services, Collection<String> ruleIds) {
    if (services.isEmpty() || ruleIds.isEmpty()) {
      return Optional.empty();
    }
    String sql =
        "SELECT id, service, incident_id, channel FROM alerts WHERE service = ANY (?)"
            + " AND rule_id = ANY (?) AND state IN ('firing', 'acknowledged', 'snoozed')"
            + " AND fired_at IS NOT NULL AND incident_id IS NOT NULL ORDER BY fired_at, id LIMIT 1";
    return query(
            sql,
            rows ->
                new Root(
                    rows.getLong("id"),
                    rows.getString("service"),
                    rows.getLong("incident_id"),
                    rows.getString("channel")),
            services,
            ruleIds)
        .stream()
        .findFirst();
  }

  /** A {@link Root} and when its alert fired: the order {@link #downAmong} picks in. */
  record FiredRoot(Root root, Instant firedAt) {}

  /**
   * Every open, shown DOWN alert of {@code services}, earliest fired first: {@link #downAmong} for
   * all the dependents of a probe round at once.
   */
  List<FiredRoot> downAll(Collection<String> services, Collection<String> ruleIds) {
    if (services.isEmpty() || ruleIds.isEmpty()) {
      return List.of();
    }
    String sql =
        "SELECT id, service, incident_id, channel, fired_at FROM alerts WHERE service = ANY (?)"
            + " AND rule_id = ANY (?) AND state IN ('firing', 'acknowledged', 'snoozed')"
            + " AND fired_at IS NOT NULL AND incident_id IS NOT NULL ORDER BY fired_at, id";
    return query(
        sql,
        rows ->
            new FiredRoot(
                new Root(
                    rows.getLong("id"),
                    rows.getString("service"),
                    rows.getLong("incident_id"),
                    rows.getString("channel")),
                rows.getTimestamp("fired_at").toInstant()),
        services,
        ruleIds);
  }

  /**
   * Places an alert not yet placed in its root's thread, folded into the root; returns the
   * placement in effect (another replica's, when it placed the alert first).
   */
  Placement fold(long id, Root root) {
    database.requireReady();
    // One statement: the update, or (when another replica placed it first) the placement it made.
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "WITH moved AS (UPDATE alerts SET incident_id = ?, channel = ?, folded_into = ?"
                    + " WHERE id = ? AND incident_id IS NULL"
                    + " RETURNING incident_id, channel, folded_into)"
                    + " SELECT incident_id, channel, folded_into FROM moved UNION ALL"
                    + " SELECT incident_id, channel, folded_into FROM alerts WHERE id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM moved)")) {
      statement.setLong(1, root.threadId());
      statement.setString(2, root.channel());
      statement.setLong(3, root.alertId());
      statement.setLong(4, id);
      statement.setLong(5, id);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        long folded = rows.getLong("folded_into");
        Long foldedInto = rows.wasNull() ? null : folded;
        return new Placement(rows.getLong("incident_id"), rows.getString("channel"), foldedInto);
      }
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  /**
   * {@link #fold} for many alerts in one statement (and one read of the placements in effect): each
   * alert of {@code folds} not yet placed is folded into its root; returns every alert's placement.
   */
  Map<Long, Placement> foldAll(Map<Long, Root> folds) {
    if (folds.isEmpty()) {
      return Map.of();
    }
    database.requireReady();
    Long[] ids = folds.keySet().toArray(Long[]::new);
    Long[] threads = folds.values().stream().map(Root::threadId).toArray(Long[]::new);
    String[] channels = folds.values().stream().map(Root::channel).toArray(String[]::new);
    Long[] roots = folds.values().stream().map(Root::alertId).toArray(Long[]::new);
    try (Connection connection = database.dataSource().getConnection()) {
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE alerts a SET incident_id = f.thread, channel = f.channel, folded_into ="
                  + " f.root FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::bigint[])"
                  + " AS f(id, thread, channel, root) WHERE a.id = f.id AND a.incident_id IS NULL"
                  + " AND a.id IN (SELECT id FROM alerts WHERE id = ANY (?) ORDER BY id FOR UPDATE)")) {
        // Rows locked in id order, as a round's fires lock them (RoundFireStore): no deadlock.
        update.setArray(1, connection.createArrayOf("bigint", ids));
        update.setArray(2, connection.createArrayOf("bigint", threads));
        update.setArray(3, connection.createArrayOf("text", channels));
        update.setArray(4, connection.createArrayOf("bigint", roots));
        update.setArray(5, connection.createArrayOf("bigint", ids));
        update.executeUpdate();
      }
      Map<Long, Placement> placements = new HashMap<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id, incident_id, channel, folded_into FROM alerts WHERE id = ANY (?)")) {
        select.setArray(1, connection.createArrayOf("bigint", ids));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long folded = rows.getLong("folded_into");
            Long foldedInto = rows.wasNull() ? null : folded;
            placements.put(
                rows.getLong("id"),
                new Placement(rows.getLong("incident_id"), rows.getString("channel"), foldedInto));
          }
        }
      }
      return placements;
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  /**
   * Folds into {@code rootId} the open DOWN alerts of {@code services} that fired before their
   * dependency's alert and have not been paged for yet; returns how many.
   */
  int adopt(long rootId, Collection<String> services, Collection<String> ruleIds) {
    if (services.isEmpty()) {
      return 0;
    }
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE alerts SET folded_into = ? WHERE id IN (SELECT id FROM alerts"
                    + " WHERE service = ANY (?) AND rule_id = ANY (?) AND state <> 'resolved'"
                    + " AND folded_into IS NULL AND id <> ? ORDER BY id FOR UPDATE)"
                    + " AND state <> 'resolved' AND folded_into IS NULL"
                    + " AND escalation_step = 0 AND escalated_at IS NULL")) {
      // Rows locked in id order, as a round's fires lock them (RoundFireStore): no deadlock.
      update.setLong(1, rootId);
      update.setArray(2, textArray(connection, services));
      update.setArray(3, textArray(connection, ruleIds));
      update.setLong(4, rootId);
      return update.executeUpdate();
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  /** Folded alerts still open whose root alert is resolved: they speak for themselves now. */
  List<Orphan> orphans() {
    String sql =
        "SELECT a.id, a.rule_id, a.service, a.folded_into, a.incident_id FROM alerts a"
            + " JOIN alerts r ON r.id = a.folded_into"
            + " WHERE a.state <> 'resolved' AND r.state = 'resolved' ORDER BY a.id";
    return query(
        sql,
        rows ->
            new Orphan(
                rows.getLong("id"),
                rows.getString("rule_id"),
                rows.getString("service"),
                rows.getLong("folded_into"),
                rows.getLong("incident_id")));
  }

  /**
   * Moves a folded alert from {@code fromRoot} to {@code placement} (a thread of its own when
   * {@code placement.foldedInto()} is null), if no replica did so first, and enqueues {@code
   * messages} in the same transaction. The wait before its first page counts from {@code at}.
   */
  AlertMove move(
      long id, long fromRoot, Placement placement, Instant at, List<OutboxItem> messages) {
    return AlertStore.underLock(
        database,
        id,
        (connection, current) -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "UPDATE alerts SET folded_into = ?, incident_id = ?, channel = ?,"
                      + " escalation_resumed_at = ? WHERE id = ? AND folded_into = ?"
                      + " AND state <> 'resolved'")) {
            if (placement.foldedInto() == null) {
              statement.setNull(1, java.sql.Types.BIGINT);
            } else {
              statement.setLong(1, placement.foldedInto());
            }
            statement.setLong(2, placement.threadId());
            statement.setString(3, placement.channel());
            statement.setTimestamp(4, Timestamp.from(at));
            statement.setLong(5, id);
            statement.setLong(6, fromRoot);
            if (statement.executeUpdate() == 0) {
              return new AlertMove.AlreadyThere(current);
            }
          }
          OutboxStore.insert(connection, messages, at);
          return new AlertMove.Moved(current);
        });
  }

  private interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String sql, Row<T> row, Collection<?>... arrays) {
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(i + 1, textArray(connection, arrays[i]));
      }
      List<T> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(row.read(rows));
        }
      }
      return found;
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  private static Array textArray(Connection connection, Collection<?> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }
}
