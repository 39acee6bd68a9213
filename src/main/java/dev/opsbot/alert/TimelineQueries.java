package dev.opsbot.alert;

import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an incident's timeline reads beyond the alert's own row and transitions: the pages its
 * escalation enqueued (the outbox items {@code alert-<id>/page-<n>}, written in the transaction
 * that moved the escalation step, so they are exactly the pages made), the alerts that joined its
 * thread, and the commands run about its service while it was open (the audit log). Reads only; the
 * outbox and the audit log belong to {@code delivery} and {@code audit}.
 */
final class TimelineQueries {
  /** One page's message: the thread reply or the e-mail. */
  record PageSent(String key, Instant enqueuedAt, Instant sentAt, String state, String text) {
    boolean email() {
      return key.endsWith("/email");
    }
  }

  /** One audited command or click. */
  record CommandRun(Instant at, String by, String action, String outcome, String detail) {}

  /** Another alert shown in the same thread. */
  record Joined(long id, String service, String summary, Instant firedAt) {}

  private final StateDatabase database;

  TimelineQueries(StateDatabase database) {
    this.database = database;
  }

  List<PageSent> pages(long alertId) {
    return query(
        "SELECT idempotency_key, created_at, sent_at, state, message->>'fallbackText' AS text"
            + " FROM outbox WHERE idempotency_key LIKE ? ORDER BY created_at, id",
        List.of("alert-" + alertId + "/page-%"),
        rows ->
            new PageSent(
                rows.getString("idempotency_key"),
                instant(rows, "created_at"),
                instant(rows, "sent_at"),
                rows.getString("state"),
                rows.getString("text")));
  }

  /**
   * Commands and clicks between {@code from} and {@code to} that name {@code service} as a word of
   * their action, or this alert in their detail ({@code alert=12}).
   */
  List<CommandRun> commands(String service, long alertId, Instant from, Instant to) {
    return query(
        "SELECT at, coalesce(user_name, user_id) AS who, action, outcome, detail FROM audit_log"
            + " WHERE at >= ? AND at <= ?"
            + " AND (position(' ' || ? || ' ' in ' ' || action || ' ') > 0"
            + " OR position(' ' || ? || ' ' in ' ' || coalesce(detail, '') || ' ') > 0)"
            + " ORDER BY at, id",
        List.of(Timestamp.from(from), Timestamp.from(to), service, "alert=" + alertId),
        rows ->
            new CommandRun(
                instant(rows, "at"),
                rows.getString("who"),
                rows.getString("action"),
                rows.getString("outcome"),
                rows.getString("detail")));
  }

  List<Joined> joined(long threadId) {
    return query(
        "SELECT id, service, summary, fired_at FROM alerts WHERE incident_id = ? AND id <> ?"
            + " ORDER BY fired_at, id",
        List.of(threadId, threadId),
        rows ->
            new Joined(
                rows.getLong("id"),
                rows.getString("service"),
                rows.getString("summary"),
                instant(rows, "fired_at")));
  }

  private interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String sql, List<Object> parameters, Row<T> row) {
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<T> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(row.read(rows));
        }
      }
      return found;
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    Timestamp timestamp = rows.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
