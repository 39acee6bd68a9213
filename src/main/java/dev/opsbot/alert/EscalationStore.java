package dev.opsbot.alert;

import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each firing alert stands in its escalation policy (V15): the step paged so far, the repeats
 * of the last step, when the next page is due. Every replica's timer reads it here, so the replica
 * that fired an alert is not the only one that can page for it; each page is decided under the
 * alert's row lock, with its messages enqueued in the same transaction.
 */
final class EscalationStore {
  private final StateDatabase database;

  EscalationStore(StateDatabase database) {
    this.database = database;
  }

  /** A firing alert shown in a thread, and its place in its policy. */
  record Escalating(
      long id,
      String ruleId,
      String service,
      String summary,
      Instant firedAt,
      long threadId,
      String channel,
      Position position,
      Instant dueAt,
      Instant resumedAt) {}

  /** The step paged so far (0: none) and the repeats of the last step since. */
  record Position(int step, int repeats) {
    int pages() {
      return step + repeats;
    }
  }

  /**
   * Every alert that is firing (neither acknowledged, snoozed nor resolved), shown in a thread and
   * not folded into a dependency's alert: the ones a page may be due for.
   */
  List<Escalating> firing(Instant now) {
    database.requireReady();
    String sql =
        "SELECT id, rule_id, service, summary, fired_at, incident_id, channel, escalation_step,"
            + " escalation_repeats, escalation_due_at, escalation_resumed_at FROM alerts"
            + " WHERE state = 'firing' AND fired_at IS NOT NULL AND incident_id IS NOT NULL"
            // Folded into a dependency's alert (V18): that alert pages for both.
            + " AND folded_into IS NULL"
            // Escalated by a version before V15 (escalated_at set, no step): not paged again.
            + " AND NOT (escalation_step = 0 AND escalated_at IS NOT NULL)"
            + " AND NOT "
            + SilenceStore.silencedAlert("alerts")
            + " ORDER BY id";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = SilenceStore.bindActive(statement, 1, now).executeQuery()) {
      List<Escalating> firing = new ArrayList<>();
      while (rows.next()) {
        firing.add(
            new Escalating(
                rows.getLong("id"),
                rows.getString("rule_id"),
                rows.getString("service"),
                rows.getString("summary"),
                rows.getTimestamp("fired_at").toInstant(),
                rows.getLong("incident_id"),
                rows.getString("channel"),
                new Position(rows.getInt("escalation_step"), rows.getInt("escalation_repeats")),
                instant(rows.getTimestamp("escalation_due_at")),
                instant(rows.getTimestamp("escalation_resumed_at"))));
      }
      return firing;
    } catch (SQLException e) {
      throw AlertStore.unavailable(e);
    }
  }

  /**
   * Records a page and enqueues its messages, if the alert is still firing and still at {@code
   * from}: an acknowledgement, a snooze or a resolve through any replica a moment earlier stops it,
   * and a page another replica made first is not made again.
   *
   * @param nextDue when the page after it is due; null when it was the last
   */
  AlertMove page(
      long id, Position from, Position to, Instant nextDue, Instant at, List<OutboxItem> messages) {
    return AlertStore.underLock(
        database,
        id,
        (connection, current) -> {
          if (current.state() != StoredAlertState.FIRING) {
            return new AlertMove.NotAllowed(current, StoredAlertState.FIRING);
          }
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "UPDATE alerts SET escalation_step = ?, escalation_repeats = ?,"
                      + " escalation_due_at = ?, escalated_at = COALESCE(escalated_at, ?)"
                      + " WHERE id = ? AND escalation_step = ? AND escalation_repeats = ?")) {
            statement.setInt(1, to.step());
            statement.setInt(2, to.repeats());
            statement.setTimestamp(3, nextDue == null ? null : Timestamp.from(nextDue));
            statement.setTimestamp(4, Timestamp.from(at));
            statement.setLong(5, id);
            statement.setInt(6, from.step());
            statement.setInt(7, from.repeats());
            if (statement.executeUpdate() == 0) {
              return new AlertMove.AlreadyThere(current); // paged by another replica first
            }
          }
          OutboxStore.insert(connection, messages, at);
          return new AlertMove.Moved(current);
        });
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
