package dev.opsbot.delivery;

import dev.opsbot.chat.Message;
import dev.opsbot.chat.MessageJson;
import dev.opsbot.state.SqlUpdates;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox table. Items are claimed with {@code FOR UPDATE SKIP LOCKED} and a short lease that
 * the claiming replica renews while it sends ({@code claimed_by}), so two replicas never send the
 * same item at once, and an item a crashed replica had claimed is sent once its lease runs out.
 * {@code in_doubt} records that an attempt began and has not ended with a definite answer.
 */
public final class OutboxStore implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(OutboxStore.class);
  private final StateDatabase database;

  public OutboxStore(StateDatabase database) {
    this.database = database;
  }

  /** Edits not yet sent that a later pending edit of the same message replaces. */
  private static final String SUPERSEDE =
      "UPDATE outbox o SET state = 'superseded', sent_at = ? WHERE o.kind = 'update'"
          + " AND o.state = 'pending' AND EXISTS (SELECT 1 FROM outbox l WHERE l.kind = 'update'"
          + " AND l.state = 'pending' AND l.parent_key = o.parent_key AND l.id > o.id)";

  private static final String INSERT =
      "INSERT INTO outbox (idempotency_key, channel, kind, parent_key, message, next_attempt_at,"
          + " created_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)"
          + " ON CONFLICT (idempotency_key) DO NOTHING";

  /** Stores the item unless one with its key is stored already; true when it was new. */
  @Override
  public boolean enqueue(OutboxItem item, Instant now) {
    ready();
    try (Connection connection = database.dataSource().getConnection()) {
      return insert(connection, List.of(item), now) == 1;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * Stores items in the caller's transaction (a decision and its messages commit together or not at
   * all); an item whose key is stored already is left as it is. Returns how many were new.
   */
  public static int insert(Connection connection, List<OutboxItem> items, Instant now)
      throws SQLException {
    int added = 0;
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      for (OutboxItem item : items) {
        statement.setString(1, item.key());
        statement.setString(2, item.channel());
        statement.setString(3, item.kind().name().toLowerCase(Locale.ROOT));
        statement.setString(4, item.parentKey());
        statement.setString(5, MessageJson.write(item.message()));
        statement.setTimestamp(6, Timestamp.from(now));
        statement.setTimestamp(7, Timestamp.from(now));
        added += statement.executeUpdate();
      }
    }
    return added;
  }

  /**
   * Claims up to {@code limit} items that are due and whose parent, if any, is sent, and that no
   * earlier item of the same parent waits for; each is leased for {@code lease}, oldest first.
   */
  @Override
  public List<OutboxItem> claimDue(Instant now, int limit, Duration lease, String claimer) {
    ready();
    String select =
        "SELECT o.id, o.idempotency_key, o.channel, o.kind, o.parent_key, o.message::text AS message,"
            + " o.attempts, o.in_doubt, o.created_at, p.platform_ref AS parent_ref FROM outbox o"
            + " LEFT JOIN outbox p ON p.idempotency_key = o.parent_key"
            + " WHERE o.state = 'pending' AND o.next_attempt_at <= ?"
            + " AND (o.parent_key IS NULL OR p.state = 'sent')"
            // One thread's edits and replies go out in the order they were made: an item waits
            // while an earlier one of its parent is still pending (retrying after a 503, say).
            + " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE o.parent_key IS NOT NULL"
            + " AND e.parent_key = o.parent_key AND e.state = 'pending' AND e.id < o.id)"
            + " ORDER BY o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED";
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement supersede = connection.prepareStatement(SUPERSEDE)) {
        supersede.setTimestamp(1, Timestamp.from(now));
        supersede.executeUpdate();
      }
      List<OutboxItem> items = new ArrayList<>();
      Map<Long, String> unreadable = new LinkedHashMap<>();
      try (PreparedStatement statement = connection.prepareStatement(select)) {
        statement.setTimestamp(1, Timestamp.from(now));
        statement.setInt(2, limit);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            long id = rows.getLong("id");
            Message message;
            try {
              message = MessageJson.read(rows.getString("message"));
            } catch (RuntimeException e) {
              // One row no replica can read (written by a newer version, or edited by hand) must
              // not hold up every message behind it: it is set aside as failed, with the reason.
              unreadable.put(id, rows.getString("idempotency_key"));
              continue;
            }
            items.add(
                new OutboxItem(
                    id,
                    rows.getString("idempotency_key"),
                    rows.getString("channel"),
                    OutboxItem.Kind.valueOf(rows.getString("kind").toUpperCase(Locale.ROOT)),
                    rows.getString("parent_key"),
                    message,
                    rows.getInt("attempts"),
                    rows.getString("parent_ref"),
                    rows.getBoolean("in_doubt"),
                    rows.getTimestamp("created_at").toInstant()));
          }
        }
      }
      failUnreadable(connection, unreadable);
      try (PreparedStatement leaseUpdate =
          connection.prepareStatement(
              "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1, claimed_by = ?"
                  + " WHERE id = ?")) {
        for (OutboxItem item : items) {
          leaseUpdate.setTimestamp(1, Timestamp.from(now.plus(lease)));
          leaseUpdate.setString(2, claimer);
          leaseUpdate.setLong(3, item.id());
          leaseUpdate.addBatch();
        }
        leaseUpdate.executeBatch();
      }
      connection.commit();
      return items;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static void failUnreadable(Connection connection, Map<Long, String> unreadable)
      throws SQLException {
    if (unreadable.isEmpty()) {
      return;
    }
    try (PreparedStatement fail =
        connection.prepareStatement(
            "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?")) {
      for (Map.Entry<Long, String> row : unreadable.entrySet()) {
        fail.setString(1, UNREADABLE);
        fail.setLong(2, row.getKey());
        fail.addBatch();
        log.error(
            "event=outbox_item_unreadable id={} key={} note=\"{}\"",
            row.getKey(),
            row.getValue(),
            UNREADABLE);
      }
      fail.executeBatch();
    }
  }

  private static final String UNREADABLE =
      "the stored message cannot be read by this version of opsbot (written by a newer one, or"
          + " edited by hand): set aside, not sent; the messages after it go on";

  @Override
  public boolean attemptStarts(long id, String claimer, Instant leaseUntil) {
    return update(
            "UPDATE outbox SET in_doubt = true, next_attempt_at = ? WHERE id = ?"
                + " AND claimed_by = ? AND state = 'pending'",
            Timestamp.from(leaseUntil),
            id,
            claimer)
        == 1;
  }

  @Override
  public void renewLeases(Collection<Long> ids, String claimer, Instant until) {
    if (!ids.isEmpty()) {
      update(
          "UPDATE outbox SET next_attempt_at = ? WHERE id = ANY(?) AND claimed_by = ?"
              + " AND state = 'pending'",
          Timestamp.from(until),
          ids.toArray(Long[]::new),
          claimer);
    }
  }

  @Override
  public void handBack(Collection<Long> ids, String claimer, Instant now) {
    if (!ids.isEmpty()) {
      update(
          "UPDATE outbox SET next_attempt_at = ?, claimed_by = NULL WHERE id = ANY(?)"
              + " AND claimed_by = ? AND state = 'pending'",
          Timestamp.from(now),
          ids.toArray(Long[]::new),
          claimer);
    }
  }

  @Override
  public void markSent(long id, String platformRef, Instant at) {
    update(
        "UPDATE outbox SET state = 'sent', sent_at = ?, platform_ref = ?, last_error = NULL,"
            + " in_doubt = false, claimed_by = NULL WHERE id = ?",
        Timestamp.from(at),
        platformRef,
        id);
  }

  @Override
  public void retryAt(long id, Instant next, String error, boolean inDoubt) {
    update(
        "UPDATE outbox SET next_attempt_at = ?, last_error = ?, in_doubt = ?, claimed_by = NULL"
            + " WHERE id = ?",
        Timestamp.from(next),
        error,
        inDoubt,
        id);
  }

  @Override
  public void markFailed(long id, String error) {
    update(
        "UPDATE outbox SET state = 'failed', last_error = ?, in_doubt = false, claimed_by = NULL"
            + " WHERE id = ?",
        error,
        id);
  }

  /** The platform id of a sent message, by its key: where its thread replies go. */
  public Optional<String> platformRef(String key) {
    ready();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT platform_ref FROM outbox WHERE idempotency_key = ? AND state = 'sent'")) {
      statement.setString(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** How many items wait to be sent, and how many gave up: for /healthz and the log. */
  public record Counts(long pending, long failed) {}

  public Counts counts() {
    ready();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE state = 'pending'),"
                    + " count(*) FILTER (WHERE state = 'failed') FROM outbox");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return new Counts(rows.getLong(1), rows.getLong(2));
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private int update(String sql, Object... parameters) {
    ready();
    try {
      return SqlUpdates.run(database.dataSource(), sql, parameters);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private void ready() {
    database.requireReady();
  }

  private static StateUnavailableException unavailable(SQLException e) {
    return StateUnavailableException.of(e);
  }
}
