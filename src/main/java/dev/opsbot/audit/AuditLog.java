package dev.opsbot.audit;

import dev.opsbot.command.Outcome;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.nio.file.Path;
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
 * thread, so a slow or absent database never delays a reply.
 *
 * <p>While the database is unreachable, rows go to a local spill file (when one is given) that
 * survives a crash and is replayed as soon as the database answers, at the latest at the next
 * start; without one they wait in a bounded queue, and a full queue drops the newest row, counts it
 * and says so in the log. A row the database refuses (rather than a database that is down) is set
 * aside with an error line, so it never holds up the rows behind it. {@link #close()} writes or
 * spills what is left. Delivery is at least once: a crash during a replay may write a row twice.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final int BATCH = 200;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final String INSERT =
      "INSERT INTO audit_log (at, platform, user_id, user_name, channel, kind, action, outcome,"
          + " duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final StateDatabase database;
  private final AuditSpill spill;
  private final BlockingQueue<AuditEntry> pending;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  // Queued or in the writer's batch: one count, so there is no moment between the queue and the
  // batch when a row counts nowhere (pendingCount() read 0 there, and callers read too early).
  private final AtomicInteger unsettled = new AtomicInteger();
  private final Thread writer;
  private volatile boolean closed;
  private boolean down;
  private long nextAttempt;
  private Duration backoff = FIRST_BACKOFF;

  /** Rows wait in memory while the database is down: for tests and tools without a data dir. */
  public AuditLog(StateDatabase database, int capacity) {
    this(database, capacity, null);
  }

  /** Rows go to {@code spillFile} while the database is down, and from it when it is back. */
  public AuditLog(StateDatabase database, int capacity, Path spillFile) {
    this.database = database;
    this.spill = spillFile == null ? null : new AuditSpill(spillFile);
    this.pending = new ArrayBlockingQueue<>(capacity);
    this.writer = Thread.ofVirtual().name("audit-writer").start(this::writeLoop);
  }

  @Override
  public void record(AuditEntry entry) {
    unsettled.incrementAndGet();
    if (!pending.offer(entry)) {
      unsettled.decrementAndGet();
      long total = dropped.incrementAndGet();
      log.error(
          "event=audit_overflow dropped_total={} action=\"{}\" user={} reason=\"queue of {} full,"
              + " state database unreachable\"",
          total,
          AuditText.forLog(entry.action()),
          AuditText.forLog(entry.userId()),
          pending.size());
    }
  }

  /** Rows not yet in the database nor in the spill file: queued, or in the batch being written. */
  public int pendingCount() {
    return unsettled.get();
  }

  /** Rows lost because the queue was full while the database was down. */
  public long droppedCount() {
    return dropped.get();
  }

  /** Rows the database refused (not for being down): each was logged with the reason. */
  public long rejectedCount() {
    return rejected.get();
  }

  /** Whether the spill file holds rows waiting for the database. */
  public boolean hasSpilledRows() {
    return spill != null && spill.hasRows();
  }

  private enum Written {
    ALL,
    UNAVAILABLE
  }

  private void writeLoop() {
    List<AuditEntry> batch = new ArrayList<>();
    try {
      while (!closed || !pending.isEmpty() || !batch.isEmpty()) {
        if (batch.isEmpty()) {
          AuditEntry first = pending.poll(200, TimeUnit.MILLISECONDS);
          if (first != null) {
            batch.add(first);
            pending.drainTo(batch, BATCH - 1);
          }
        }
        if (down && !batch.isEmpty() && spill != null && spill.append(batch)) {
          // Known down: on disk first, so a crash loses nothing while the next attempt waits.
          settle(batch);
        }
        boolean mayTry = !down || System.nanoTime() - nextAttempt >= 0;
        if (mayTry && replaySpill() == Written.ALL && !batch.isEmpty()) {
          if (writeNow(batch) == Written.ALL) {
            settle(batch);
            continue;
          }
        }
        if (batch.isEmpty()) {
          continue;
        }
        if (spill != null && spill.append(batch)) {
          settle(batch);
          continue;
        }
        if (closed) {
          log.error(
              "event=audit_unwritten rows={} reason=\"shutting down, database unreachable\"",
              batch.size() + pending.size());
          return;
        }
        // No spill file (or it failed): the batch waits in memory for the next attempt.
        Thread.sleep(Math.max(50, (nextAttempt - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (spill == null || !spill.append(batch)) {
        log.error("event=audit_unwritten rows={} reason=\"interrupted\"", batch.size());
      }
    }
  }

  /** Writes the spill file's rows first, oldest first; ALL when nothing is left in it. */
  private Written replaySpill() {
    if (spill == null || !spill.hasRows()) {
      return Written.ALL;
    }
    List<AuditEntry> spilled = spill.read();
    if (spilled.isEmpty()) {
      // Nothing in it can be read: keep it for a person to look at, not to be read every pass.
      spill.setAside();
      return Written.ALL;
    }
    int written = 0;
    while (written < spilled.size()) {
      List<AuditEntry> part = spilled.subList(written, Math.min(spilled.size(), written + BATCH));
      if (writeNow(part) != Written.ALL) {
        spill.dropFirst(written);
        return Written.UNAVAILABLE;
      }
      written += part.size();
    }
    spill.dropFirst(written);
    log.info("event=audit_replayed rows={} file={}", spilled.size(), spill.file().toAbsolutePath());
    return Written.ALL;
  }

  /** One attempt at the database, remembering when to try again if it is down. */
  private Written writeNow(List<AuditEntry> batch) {
    Optional<String> notReady = database.ready();
    Written result = notReady.isPresent() ? Written.UNAVAILABLE : write(batch);
    if (result == Written.ALL) {
      if (down) {
        log.info("event=audit_database_back");
      }
      down = false;
      backoff = FIRST_BACKOFF;
      return result;
    }
    if (!down) {
      log.warn(
          "event=audit_waiting rows={} reason=\"{}\" note=\"{}\"",
          batch.size() + pending.size(),
          notReady.orElse("database unavailable"),
          spill == null
              ? "rows wait in memory"
              : "rows go to " + spill.file().toAbsolutePath() + " until it is back");
    }
    down = true;
    nextAttempt = System.nanoTime() + backoff.toNanos();
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    return result;
  }

  /**
   * Writes the batch in one statement; when the database refuses it for its content, row by row,
   * setting aside (and logging) each row it refuses.
   */
  private Written write(List<AuditEntry> batch) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (AuditEntry entry : batch) {
        bind(insert, entry);
        insert.addBatch();
      }
      insert.executeBatch();
      return Written.ALL;
    } catch (SQLException | RuntimeException e) {
      if (e instanceof SQLException sql && unavailable(sql)) {
        return Written.UNAVAILABLE;
      }
      log.warn(
          "event=audit_batch_refused rows={} reason=\"{}\" note=\"writing row by row\"",
          batch.size(),
          ConnectionErrors.describe(e));
      return writeOneByOne(batch);
    }
  }

  private Written writeOneByOne(List<AuditEntry> batch) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      connection.setAutoCommit(true);
      for (AuditEntry entry : batch) {
        try {
          bind(insert, entry);
          insert.executeUpdate();
        } catch (SQLException | RuntimeException e) {
          if (e instanceof SQLException sql && unavailable(sql)) {
            // Rows written so far are in; the whole batch is retried (at least once).
            return Written.UNAVAILABLE;
          }
          rejected.incrementAndGet();
          log.error(
              "event=audit_row_rejected at={} user={} action=\"{}\" outcome={} reason=\"{}\"",
              entry.at(),
              AuditText.forLog(entry.userId()),
              AuditText.forLog(entry.action()),
              entry.outcome() == null ? null : entry.outcome().id(),
              ConnectionErrors.describe(e));
        }
      }
      return Written.ALL;
    } catch (SQLException e) {
      return Written.UNAVAILABLE;
    }
  }

  /**
   * Anything but a row the database refuses for its content (bad data, a constraint, a trigger's
   * exception): a database that is down, read-only after a fail-over, missing the table or timing
   * out keeps the rows for later rather than dropping them as bad.
   */
  private static boolean unavailable(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("P0")) {
          return false;
        }
      }
    }
    return true;
  }

  private static void bind(PreparedStatement insert, AuditEntry entry) throws SQLException {
    insert.setTimestamp(1, Timestamp.from(entry.at()));
    insert.setString(2, AuditText.storable(entry.platform()));
    insert.setString(3, AuditText.storable(entry.userId()));
    insert.setString(4, AuditText.storable(entry.userName()));
    insert.setString(5, AuditText.storable(entry.channel()));
    insert.setString(6, entry.kind().id());
    insert.setString(7, AuditText.storable(entry.action()));
    insert.setString(8, entry.outcome().id());
    insert.setObject(9, entry.duration() == null ? null : entry.duration().toMillis());
    insert.setString(10, AuditText.storable(entry.detail()));
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

  /**
   * Writes what is queued, waiting up to {@code timeout} for the database; what it could not write
   * goes to the spill file, to be replayed at the next start.
   */
  public void close(Duration timeout) {
    closed = true;
    try {
      writer.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      // Stuck on the database: the writer spills its own batch when interrupted; the queue here.
      writer.interrupt();
      List<AuditEntry> rest = new ArrayList<>();
      pending.drainTo(rest);
      if (!rest.isEmpty() && (spill == null || !spill.append(rest))) {
        log.error(
            "event=audit_unwritten rows={} reason=\"shutting down, database unreachable\"",
            rest.size());
      }
    }
  }

  private void settle(List<AuditEntry> batch) {
    unsettled.addAndGet(-batch.size());
    batch.clear();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
