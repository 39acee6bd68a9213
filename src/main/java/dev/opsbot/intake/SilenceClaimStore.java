package dev.opsbot.intake;

import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who makes the source's silence of an acknowledged or snoozed alert, and who expires it when a
 * person resolves the alert: each is claimed by one update of the intake row, so of several
 * replicas hearing the same response, one acts.
 */
final class SilenceClaimStore {
  private final StateDatabase database;

  SilenceClaimStore(StateDatabase database) {
    this.database = database;
  }

  /** A group of a source to silence, with its labels. */
  record ToSilence(String source, String dedupKey, Map<String, String> labels) {}

  /** A silence to expire. */
  record ToExpire(String source, String dedupKey, String silenceId) {}

  /** Claims the silencing of the firing groups of {@code alertId} from {@code sources}. */
  List<ToSilence> claimSilences(long alertId, Collection<String> sources, Instant at) {
    String sql =
        "UPDATE intake_alerts SET silence_claimed_at = ?, silence_id = NULL,"
            + " silence_expired_at = NULL WHERE alert_id = ? AND status = 'firing'"
            + " AND source = ANY (?)"
            // Once per acknowledgement across replicas; again once an earlier silence ran out.
            + " AND (silence_claimed_at IS NULL OR (silence_until IS NOT NULL AND silence_until < ?))"
            + " RETURNING source, dedup_key, silence_labels::text";
    List<ToSilence> claimed = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setTimestamp(1, Timestamp.from(at));
      statement.setLong(2, alertId);
      statement.setArray(3, connection.createArrayOf("text", sources.toArray()));
      statement.setTimestamp(4, Timestamp.from(at));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          claimed.add(
              new ToSilence(
                  rows.getString(1), rows.getString(2), IntakeStore.labels(rows.getString(3))));
        }
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
    return claimed;
  }

  void silenced(ToSilence group, String silenceId, Instant until) {
    update(
        "UPDATE intake_alerts SET silence_id = ?, silence_until = ? WHERE source = ? AND"
            + " dedup_key = ?",
        silenceId,
        Timestamp.from(until),
        group.source(),
        group.dedupKey());
  }

  /** The silence failed: a later acknowledge or snooze may try again. */
  void unclaim(ToSilence group) {
    update(
        "UPDATE intake_alerts SET silence_claimed_at = NULL WHERE source = ? AND dedup_key = ?",
        group.source(),
        group.dedupKey());
  }

  /** Claims the expiry of the silences made for {@code alertId}. */
  List<ToExpire> claimExpiries(long alertId, Instant at) {
    String sql =
        "UPDATE intake_alerts SET silence_expired_at = ? WHERE alert_id = ?"
            + " AND silence_id IS NOT NULL AND silence_expired_at IS NULL"
            + " RETURNING source, dedup_key, silence_id";
    List<ToExpire> claimed = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setTimestamp(1, Timestamp.from(at));
      statement.setLong(2, alertId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          claimed.add(new ToExpire(rows.getString(1), rows.getString(2), rows.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
    return claimed;
  }

  /** A group silenced at its source by opsbot, whose opsbot alert is still firing. */
  record Watched(
      String source,
      String dedupKey,
      String ruleId,
      String service,
      String summary,
      Map<String, String> labels,
      long alertId) {}

  /** The groups of {@code sources} opsbot silenced and that have not resolved since. */
  List<Watched> watched(Collection<String> sources) {
    String sql =
        "SELECT source, dedup_key, rule_id, service, summary, silence_labels::text, alert_id"
            + " FROM intake_alerts WHERE status = 'firing' AND silence_id IS NOT NULL"
            + " AND silence_expired_at IS NULL AND alert_id IS NOT NULL AND source = ANY (?)"
            + " ORDER BY source, dedup_key";
    List<Watched> watched = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setArray(1, connection.createArrayOf("text", sources.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          watched.add(
              new Watched(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  IntakeStore.labels(rows.getString(6)),
                  rows.getLong(7)));
        }
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
    return watched;
  }

  private void update(String sql, Object... values) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }
}
