package dev.opsbot.audit;

import dev.opsbot.command.Outcome;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit log in the state database. Rows are queued and written by one background
 * thread, so a slow or absent database never delays a reply; while the database is down they wait
 * in a bounded queue and are written when it returns. A full queue drops the newest row, counts it
 * and says so in the log.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final int BATCH = 200;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final StateDatabase database;
  private final BlockingQueue<AuditEntry> pending;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger writing = new AtomicInteger();
  private final Thread writer;
  private volatile boolean closed;

  public AuditLog(StateDatabase database, int capacity) {
    this.database = database;
    this.pending = new ArrayBlockingQueue<>(capacity);
    this.writer = Thread.ofVirtual().name("audit-writer").start(this::writeLoop);
  }

  @Override
  public void record(AuditEntry entry) {
    if (!pending.offer(entry)) {
      long total = dropped.incrementAndGet();
      log.error(
          "event=audit_overflow dropped_total={} action=\"{}\" user={} reason=\"queue of {} full,"
              + " state database unreachable\"",
          total,
          entry.action(),
          entry.userId(),
          pending.size());
    }
  }

  /** Rows not yet in the database: queued, or in the batch being written. */
  public int pendingCount() {
    return pending.size() + writing.get();
  }

  /** Rows lost because the queue was full while the database was down. */
  public long droppedCount() {
    return dropped.get();
  }

  private void writeLoop() {
    List<AuditEntry> batch = new ArrayList<>();
    Duration backoff = Duration.ofMillis(500);
    while (!closed || !pending.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          AuditEntry first = pending.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          pending.drainTo(batch, BATCH - 1);
          writing.set(batch.size());
        }
        Optional<String> notReady = database.ready();
        if (notReady.isEmpty() && write(batch)) {
          batch.clear();
          writing.set(0);
          backoff = Duration.ofMillis(500);
          continue;
        }
        if (closed) {
          log.error(
              "event=audit_unwritten rows={} reason=\"shutting down, database unreachable\"",
              batch.size() + pending.size());
          return;
        }
        log.warn(
            "event=audit_waiting rows={} retry_in_ms={} reason=\"{}\"",
            batch.size() + pending.size(),
            backoff.toMillis(),
            notReady.orElse("write failed"));
        Thread.sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean write(List<AuditEntry> batch) {
    String sql =
        "INSERT INTO audit_log (at, platform, user_id, user_name, channel, kind, action, outcome,"
            + " duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      for (AuditEntry entry : batch) {
        insert.setTimestamp(1, Timestamp.from(entry.at()));
        insert.setString(2, entry.platform());
        insert.setString(3, entry.userId());
        insert.setString(4, entry.userName());
        insert.setString(5, entry.channel());
        insert.setString(6, entry.kind().id());
        insert.setString(7, entry.action());
        insert.setString(8, entry.outcome().id());
        insert.setObject(9, entry.duration() == null ? null : entry.duration().toMillis());
        insert.setString(10, entry.detail());
        insert.addBatch();
      }
      insert.executeBatch();
      return true;
    } catch (SQLException e) {
      log.warn(
          "event=audit_write_failed rows={} reason=\"{}\"",
          batch.size(),
          ConnectionErrors.describe(e));
      return false;
    }
  }

  /**
   * The newest {@code limit} rows, newest first; fails with the reason when the database is down.
   */
  public List<AuditEntry> latest(int limit) {
    database.requireReady();
    awaitWriter(Duration.ofSeconds(1));
    String sql =
        "SELECT at, platform, user_id, user_name, channel, kind, action, outcome, duration_ms,"
            + " detail FROM audit_log ORDER BY at DESC, id DESC LIMIT ?";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setInt(1, limit);
      List<AuditEntry> entries = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long millis = rows.getLong("duration_ms");
          Duration duration = rows.wasNull() ? null : Duration.ofMillis(millis);
          entries.add(
              new AuditEntry(
                  rows.getTimestamp("at").toInstant(),
                  rows.getString("platform"),
                  rows.getString("user_id"),
                  rows.getString("user_name"),
                  rows.getString("channel"),
                  AuditKind.of(rows.getString("kind")),
                  rows.getString("action"),
                  Outcome.valueOf(rows.getString("outcome").toUpperCase(java.util.Locale.ROOT)),
                  duration,
                  rows.getString("detail")));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  /** Gives the writer a moment to catch up, so a reader sees the commands just before its own. */
  private void awaitWriter(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (pendingCount() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Writes what is queued (waiting up to {@code timeout} for the database), then stops. */
  public void close(Duration timeout) {
    closed = true;
    try {
      writer.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
