package dev.opsbot.heartbeat;

import dev.opsbot.state.SqlUpdates;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The heartbeats table: the newest successful and failed ping of each monitor. A ping never moves a
 * time backwards, so two replicas taking pings at once leave the newest.
 */
public final class HeartbeatStore {
  private static final String PING =
      "INSERT INTO heartbeats (id, last_success_at, last_failure_at, pings, updated_at)"
          + " VALUES (?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET"
          + " last_success_at = GREATEST(heartbeats.last_success_at, EXCLUDED.last_success_at),"
          + " last_failure_at = GREATEST(heartbeats.last_failure_at, EXCLUDED.last_failure_at),"
          + " pings = heartbeats.pings + 1, updated_at = EXCLUDED.updated_at";
  private static final String READ =
      "SELECT last_success_at, last_failure_at, pings FROM heartbeats WHERE id = ?";

  private final StateDatabase database;

  public HeartbeatStore(StateDatabase database) {
    this.database = database;
  }

  /**
   * Records a ping of monitor {@code id} at {@code at}: the job ran ({@code ok}) or reported a
   * failure.
   *
   * @throws StateUnavailableException when it could not be recorded
   */
  public void ping(String id, boolean ok, Instant at) {
    database.requireReady();
    try {
      Timestamp time = Timestamp.from(at);
      SqlUpdates.run(database.dataSource(), PING, id, ok ? time : null, ok ? null : time, time);
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  /** What is known of monitor {@code id}; {@link LastPings#NONE} before its first ping. */
  public LastPings read(String id) {
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(READ)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return LastPings.NONE;
        }
        return new LastPings(
            instant(rows.getTimestamp(1)), instant(rows.getTimestamp(2)), rows.getLong(3));
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
