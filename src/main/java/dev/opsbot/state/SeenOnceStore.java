package dev.opsbot.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, for every replica at once, what may be accepted only once for a while: a replayed
 * signed request is refused whichever replica it is sent to, and after a restart. Only a SHA-256 of
 * each token is stored. Expired rows are deleted now and then by whoever inserts.
 */
public final class SeenOnceStore {
  private static final Logger log = LoggerFactory.getLogger(SeenOnceStore.class);
  private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

  private final StateDatabase database;
  private final Clock clock;
  private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

  public SeenOnceStore(StateDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * True the first time {@code token} of {@code kind} is seen by any replica before {@code
   * keepUntil}.
   *
   * @throws StateUnavailableException when the state database cannot say
   */
  public boolean firstTime(String kind, String token, Instant keepUntil) {
    database.requireReady();
    Instant now = clock.instant();
    try {
      purgeNowAndThen(now);
      return SqlUpdates.run(
              database.dataSource(),
              "INSERT INTO seen_once (kind, digest, keep_until) VALUES (?, ?, ?)"
                  + " ON CONFLICT (kind, digest) DO UPDATE SET keep_until = EXCLUDED.keep_until"
                  + " WHERE seen_once.keep_until < ?",
              kind,
              sha256(token),
              Timestamp.from(keepUntil),
              Timestamp.from(now))
          == 1;
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  /**
   * As {@link #firstTime}, but when the state database cannot say, the caller's own memory (which
   * has just said "first time") stands, and the outage is logged: refusing every request while the
   * database is down would take chat commands down with it.
   */
  public boolean firstTimeOrAssumeSo(String kind, String token, Instant keepUntil) {
    try {
      return firstTime(kind, token, keepUntil);
    } catch (StateUnavailableException e) {
      log.warn(
          "event=seen_once_unavailable kind={} reason=\"{}\" note=\"checked against this replica's"
              + " memory only\"",
          kind,
          e.getMessage());
      return true;
    }
  }

  private void purgeNowAndThen(Instant now) throws SQLException {
    Instant due = nextPurge.get();
    if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
      return;
    }
    SqlUpdates.run(
        database.dataSource(), "DELETE FROM seen_once WHERE keep_until < ?", Timestamp.from(now));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
