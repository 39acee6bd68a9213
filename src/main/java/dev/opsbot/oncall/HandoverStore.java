package dev.opsbot.oncall;

import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The oncall_handovers table: one row per schedule and shift start. The primary key settles which
 * replica announces a hand-over, and the announcement is enqueued in the same transaction.
 */
public final class HandoverStore {
  private static final String INSERT =
      "INSERT INTO oncall_handovers (schedule, shift_start, person, previous, posted, recorded_at,"
          + " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (schedule, shift_start) DO"
          + " NOTHING";

  private final StateDatabase database;

  public HandoverStore(StateDatabase database) {
    this.database = database;
  }

  /** A hand-over as it is recorded: who took over from whom, and who recorded it. */
  record Handover(
      String schedule, Instant shiftStart, String person, String previous, String recordedBy) {}

  /**
   * Records the hand-over unless it is recorded already; {@code post} (empty for one recorded
   * without a post) is enqueued with it. True when this call recorded it.
   */
  boolean record(Handover handover, List<OutboxItem> post, Instant now) {
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        boolean recorded = insert(connection, handover, !post.isEmpty(), now);
        if (recorded) {
          OutboxStore.insert(connection, post, now);
        }
        connection.commit();
        return recorded;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "state database unavailable: " + ConnectionErrors.describe(e), e);
    }
  }

  private static boolean insert(Connection connection, Handover h, boolean posted, Instant now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setString(1, h.schedule());
      statement.setTimestamp(2, Timestamp.from(h.shiftStart()));
      statement.setString(3, h.person());
      statement.setString(4, h.previous());
      statement.setBoolean(5, posted);
      statement.setTimestamp(6, Timestamp.from(now));
      statement.setString(7, h.recordedBy());
      return statement.executeUpdate() == 1;
    }
  }
}
