package dev.opsbot.digest;

import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.SqlUpdates;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** The digest_runs table: one row per channel and day; the primary key settles races. */
final class DigestRunStore implements DigestRuns {
  private final StateDatabase database;

  public DigestRunStore(StateDatabase database) {
    this.database = database;
  }

  @Override
  public boolean claim(
      String channel,
      LocalDate day,
      Instant scheduledFor,
      boolean late,
      String replica,
      Instant now,
      Duration lease) {
    String sql =
        "INSERT INTO digest_runs (channel, day, scheduled_for, state, claimed_at, claimed_by, late)"
            + " VALUES (?, ?, ?, 'claimed', ?, ?, ?) ON CONFLICT (channel, day) DO UPDATE"
            + " SET claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by"
            + " WHERE digest_runs.state = 'claimed' AND digest_runs.claimed_at < ?";
    return update(
            sql,
            channel,
            Date.valueOf(day),
            Timestamp.from(scheduledFor),
            Timestamp.from(now),
            replica,
            late,
            Timestamp.from(now.minus(lease)))
        == 1;
  }

  @Override
  public void release(String channel, LocalDate day) {
    // An expired claim is taken by the next claim; the row stays so the channel is still known.
    update(
        "UPDATE digest_runs SET claimed_at = 'epoch' WHERE channel = ? AND day = ?"
            + " AND state = 'claimed'",
        channel,
        Date.valueOf(day));
  }

  @Override
  public void complete(String channel, LocalDate day) {
    update(
        "UPDATE digest_runs SET state = 'enqueued' WHERE channel = ? AND day = ?",
        channel,
        Date.valueOf(day));
  }

  @Override
  public void skip(
      String channel, LocalDate day, Instant scheduledFor, String replica, Instant now) {
    update(
        "INSERT INTO digest_runs (channel, day, scheduled_for, state, claimed_at, claimed_by)"
            + " VALUES (?, ?, ?, 'skipped', ?, ?) ON CONFLICT (channel, day) DO NOTHING",
        channel,
        Date.valueOf(day),
        Timestamp.from(scheduledFor),
        Timestamp.from(now),
        replica);
  }

  @Override
  public boolean known(String channel) {
    ready();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT 1 FROM digest_runs WHERE channel = ? LIMIT 1")) {
      statement.setString(1, channel);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
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
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new StateUnavailableException("state database unavailable: " + notReady.get());
    }
  }

  private static StateUnavailableException unavailable(SQLException e) {
    return new StateUnavailableException(
        "state database unavailable: " + ConnectionErrors.describe(e), e);
  }
}
