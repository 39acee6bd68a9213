package dev.opsbot.intake;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The intake's rows (V20): one per source and dedup key, written with its members in one
 * transaction once the opsbot alert it maps to is stored. Whether a delivery repeats one already
 * taken is read from here, so every replica decides alike.
 */
final class IntakeStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateDatabase database;

  IntakeStore(StateDatabase database) {
    this.database = database;
  }

  /** What the row of an earlier delivery says; {@code alertOpen} whether its opsbot alert is. */
  record Earlier(
      String contentHash, boolean firing, String ruleId, String service, boolean alertOpen) {}

  Optional<Earlier> earlier(String source, String dedupKey) {
    String sql =
        "SELECT i.content_hash, i.status, i.rule_id, i.service,"
            + " (a.id IS NOT NULL AND a.state <> 'resolved')"
            + " FROM intake_alerts i LEFT JOIN alerts a ON a.id = i.alert_id"
            + " WHERE i.source = ? AND i.dedup_key = ?";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, source);
      statement.setString(2, dedupKey);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Earlier(
                rows.getString(1),
                "firing".equals(rows.getString(2)),
                rows.getString(3),
                rows.getString(4),
                rows.getBoolean(5)));
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  /** Counts a delivery that changed nothing. */
  void repeated(String source, String dedupKey, Instant at) {
    String sql =
        "UPDATE intake_alerts SET deliveries = deliveries + 1,"
            + " last_received_at = GREATEST(last_received_at, ?) WHERE source = ? AND dedup_key = ?";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setTimestamp(1, Timestamp.from(at));
      statement.setString(2, source);
      statement.setString(3, dedupKey);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  /** Whether another dedup key still fires into the same opsbot alert (rule and service). */
  boolean othersFiring(IntakeAlert alert, String ruleId, String service) {
    String sql =
        "SELECT 1 FROM intake_alerts WHERE rule_id = ? AND service = ? AND status = 'firing'"
            + " AND NOT (source = ? AND dedup_key = ?) LIMIT 1";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, ruleId);
      statement.setString(2, service);
      statement.setString(3, alert.source());
      statement.setString(4, alert.dedupKey());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  /** The delivery's row and its members, in one transaction. */
  void record(IntakeAlert alert, Long alertId, Instant at) {
    String upsert =
        "INSERT INTO intake_alerts (source, dedup_key, status, content_hash, rule_id, service,"
            + " alert_id, summary, silence_labels, first_received_at, last_received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)"
            + " ON CONFLICT (source, dedup_key) DO UPDATE SET status = EXCLUDED.status,"
            + " content_hash = EXCLUDED.content_hash, rule_id = EXCLUDED.rule_id,"
            + " service = EXCLUDED.service,"
            + " alert_id = COALESCE(EXCLUDED.alert_id, intake_alerts.alert_id),"
            + " summary = EXCLUDED.summary, silence_labels = EXCLUDED.silence_labels,"
            + " last_received_at = EXCLUDED.last_received_at,"
            + " deliveries = intake_alerts.deliveries + 1,"
            // A new opsbot alert (the earlier one was resolved) is silenced afresh.
            + " silence_claimed_at = CASE WHEN EXCLUDED.alert_id IS DISTINCT FROM"
            + " intake_alerts.alert_id AND EXCLUDED.alert_id IS NOT NULL THEN NULL"
            + " ELSE intake_alerts.silence_claimed_at END";
    String member =
        "INSERT INTO intake_members (source, dedup_key, fingerprint, status, labels, annotations,"
            + " starts_at, ends_at) VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)"
            + " ON CONFLICT (source, dedup_key, fingerprint) DO UPDATE SET status ="
            + " EXCLUDED.status, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,"
            + " starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at";
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement statement = connection.prepareStatement(upsert)) {
          statement.setString(1, alert.source());
          statement.setString(2, alert.dedupKey());
          statement.setString(3, alert.status());
          statement.setString(4, alert.contentHash());
          statement.setString(5, alert.ruleId());
          statement.setString(6, alert.service());
          statement.setObject(7, alertId);
          statement.setString(8, alert.summary());
          statement.setString(9, json(alert.silenceLabels()));
          statement.setTimestamp(10, Timestamp.from(at));
          statement.setTimestamp(11, Timestamp.from(at));
          statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(member)) {
          for (IntakeMember m : alert.members()) {
            statement.setString(1, alert.source());
            statement.setString(2, alert.dedupKey());
            statement.setString(3, m.fingerprint());
            statement.setString(4, m.firing() ? "firing" : "resolved");
            statement.setString(5, json(m.labels()));
            statement.setString(6, json(m.annotations()));
            statement.setTimestamp(7, m.startsAt() == null ? null : Timestamp.from(m.startsAt()));
            statement.setTimestamp(8, m.endsAt() == null ? null : Timestamp.from(m.endsAt()));
            statement.addBatch();
          }
          statement.executeBatch();
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  static String json(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(labels);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> labels(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
