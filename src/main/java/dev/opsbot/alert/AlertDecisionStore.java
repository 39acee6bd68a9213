package dev.opsbot.alert;

import dev.opsbot.alert.AlertStore.TimerMove;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The decisions time makes about an alert (a repeat, the end of a snooze), each taken under the
 * alert's row lock from the row as it stands, with its messages enqueued in the same transaction:
 * what every replica decides is decided once, and an acknowledgement a moment earlier on any
 * replica is seen.
 */
final class AlertDecisionStore {
  private final StateDatabase database;

  AlertDecisionStore(StateDatabase database) {
    this.database = database;
  }

  AlertMove decide(long id, TimerMove move, Instant at, List<OutboxItem> messages) {
    return AlertStore.underLock(
        database,
        id,
        (connection, current) -> {
          Optional<AlertMove> refused = refusal(current, move, at);
          if (refused.isPresent()) {
            return refused.get();
          }
          StoredAlert updated =
              switch (move) {
                case REPEAT -> current;
                case END_SNOOZE -> {
                  StoredAlert firing =
                      updateReturning(
                          connection,
                          // The next page of its escalation policy waits its time again.
                          "state = 'firing', snoozed_until = NULL, snoozed_by = NULL,"
                              + " escalation_resumed_at = ?",
                          id,
                          Timestamp.from(current.snoozedUntil()));
                  AlertTransitionStore.record(
                      connection,
                      id,
                      current.state(),
                      StoredAlertState.FIRING,
                      null,
                      at,
                      "snooze ended");
                  yield firing;
                }
              };
          OutboxStore.insert(connection, messages, at);
          return new AlertMove.Moved(updated);
        });
  }

  private static Optional<AlertMove> refusal(StoredAlert current, TimerMove move, Instant at) {
    StoredAlertState state = current.state();
    return switch (move) {
      case REPEAT ->
          state != StoredAlertState.FIRING
              ? Optional.of(new AlertMove.NotAllowed(current, StoredAlertState.FIRING))
              : Optional.empty();
      case END_SNOOZE -> {
        if (state == StoredAlertState.FIRING) {
          yield Optional.of(new AlertMove.AlreadyThere(current));
        }
        // Acknowledged, resolved, or snoozed again until later by someone on another replica.
        yield state != StoredAlertState.SNOOZED || current.snoozedUntil().isAfter(at)
            ? Optional.of(new AlertMove.NotAllowed(current, StoredAlertState.FIRING))
            : Optional.empty();
      }
    };
  }

  private static StoredAlert updateReturning(
      Connection connection, String set, long id, Object... values) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE alerts SET " + set + " WHERE id = ? RETURNING " + AlertStore.COLUMNS)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.setLong(values.length + 1, id);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return AlertStore.alert(rows);
      }
    }
  }
}
