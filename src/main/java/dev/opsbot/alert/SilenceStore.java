package dev.opsbot.alert;

import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Silences and maintenance windows (V17), and which alerts they hold back. What is suppressed is
 * decided by the database ({@code silence_matches}), so every replica agrees; a start or an end is
 * stored in the same transaction as its post, so it is posted once.
 */
final class SilenceStore {
  private static final String COLUMNS =
      "id, kind, rule_eq, rule_re, service_eq, service_re, severity_eq, severity_re, starts_at,"
          + " ends_at, created_by, reason, ended_at, ended_by";

  /** An active silence {@code s} at the instant of the first parameter after it is bound. */
  private static final String ACTIVE =
      " s.starts_at <= ? AND s.ends_at > ? AND (s.ended_at IS NULL OR s.ended_at > ?) ";

  private static final String MATCHING_ALERT = silencedAlert("a");

  private final StateDatabase database;

  /**
   * SQL true when an active silence matches the alert row {@code alias}; three parameters, the
   * instant, to bind with {@link #bindActive}. The escalation's pages use it too.
   */
  static String silencedAlert(String alias) {
    return " EXISTS (SELECT 1 FROM silences s WHERE"
        + ACTIVE
        + "AND silence_matches(s, "
        + alias
        + ".rule_id, "
        + alias
        + ".service, "
        + alias
        + ".severity)) ";
  }

  /** Whether an alert's fire is held back by a silence now. */
  boolean held(long alertId) {
    return inTransaction(connection -> {
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT silenced_at IS NOT NULL FROM alerts WHERE id = ?")) {
        statement.setLong(1, alertId);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() && rows.getBoolean(1);
        }
      }
    });
  }

  SilenceStore(StateDatabase database) {
    this.database = database;
  }

  /** Stores a new silence and enqueues the post announcing it, in one transaction. */
  Silence insert(Silence draft, Function<Silence, List<OutboxItem>> post, Instant now) {
    return insert(draft, null, post, now).orElseThrow();
  }

  /**
   * Stores a silence with its post, unless one with {@code scheduleKey} is stored already (an
   * occurrence of a scheduled window another replica started): then nothing.
   */
  Optional<Silence> insert(
      Silence draft, String scheduleKey, Function<Silence, List<OutboxItem>> post, Instant now) {
    String sql =
        "INSERT INTO silences (kind, rule_eq, rule_re, service_eq, service_re, severity_eq,"
            + " severity_re, starts_at, ends_at, created_by, reason, schedule_key)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (schedule_key) DO NOTHING RETURNING "
            + COLUMNS;
    return inTransaction(connection -> {
      Silence stored;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, draft.kind().id());
        int i = 2;
        for (SilenceMatchers.Match match :
            List.of(
                draft.matchers().rule(), draft.matchers().service(), draft.matchers().severity())) {
          statement.setArray(i++, array(connection, match.anyOf()));
          statement.setString(i++, match.regex());
        }
        statement.setTimestamp(8, Timestamp.from(draft.startsAt()));
        statement.setTimestamp(9, Timestamp.from(draft.endsAt()));
        statement.setString(10, draft.createdBy());
        statement.setString(11, draft.reason());
        statement.setString(12, scheduleKey);
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            return Optional.<Silence>empty();
          }
          stored = silence(rows);
        }
      }
      OutboxStore.insert(connection, post.apply(stored), now);
      return Optional.of(stored);
    });
  }

  /** What ending a silence by hand came to. */
  sealed interface Ended {
    record Now(Silence silence) implements Ended {}

    record AlreadyOver(Silence silence) implements Ended {}

    record NotFound() implements Ended {}
  }

  /**
   * Ends an active silence of {@code kind} now, under its row lock, and enqueues the post of its
   * end in the same transaction: two people ending it at once post it once.
   */
  Ended end(
      long id,
      Silence.Kind kind,
      String by,
      Instant now,
      Function<Silence, List<OutboxItem>> post) {
    return inTransaction(connection -> {
      Silence current;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT " + COLUMNS + " FROM silences WHERE id = ? AND kind = ? FOR UPDATE")) {
        statement.setLong(1, id);
        statement.setString(2, kind.id());
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            return new Ended.NotFound();
          }
          current = silence(rows);
        }
      }
      if (!current.activeAt(now) || current.endedAt() != null) {
        return new Ended.AlreadyOver(current);
      }
      Silence ended;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "UPDATE silences SET ended_at = ?, ended_by = ?, end_posted_at = ? WHERE id = ?"
                  + " RETURNING "
                  + COLUMNS)) {
        statement.setTimestamp(1, Timestamp.from(now));
        statement.setString(2, by);
        statement.setTimestamp(3, Timestamp.from(now));
        statement.setLong(4, id);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          ended = silence(rows);
        }
      }
      OutboxStore.insert(connection, post.apply(ended), now);
      return new Ended.Now(ended);
    });
  }

  /**
   * The silences that ran out by {@code now} and whose end is not posted yet: marks them posted and
   * enqueues their posts in one transaction. Rows another replica is marking are skipped, so each
   * end is posted once.
   */
  List<Silence> takeRunOut(Instant now, Function<Silence, List<OutboxItem>> post) {
    String sql =
        "UPDATE silences SET end_posted_at = ? WHERE id IN (SELECT id FROM silences"
            + " WHERE end_posted_at IS NULL AND ends_at <= ? FOR UPDATE SKIP LOCKED)"
            + " AND end_posted_at IS NULL RETURNING "
            + COLUMNS;
    return inTransaction(connection -> {
      List<Silence> runOut = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setTimestamp(1, Timestamp.from(now));
        statement.setTimestamp(2, Timestamp.from(now));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            runOut.add(silence(rows));
          }
        }
      }
      for (Silence silence : runOut) {
        OutboxStore.insert(connection, post.apply(silence), now);
      }
      return runOut;
    });
  }

  /** The silences of {@code kind} active at {@code now}, soonest end first. */
  List<Silence> active(Silence.Kind kind, Instant now) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM silences s WHERE kind = ? AND"
            + ACTIVE
            + "ORDER BY ends_at, id";
    return inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, kind.id());
        bindActive(statement, 2, now);
        List<Silence> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            found.add(silence(rows));
          }
        }
        return found;
      }
    });
  }

  /**
   * Holds back the fire of an alert not yet shown anywhere when an active silence matches it: marks
   * it silenced and returns true. Decided in one statement, from the database.
   */
  boolean hold(long alertId, Instant at) {
    return !ids(
            "UPDATE alerts a SET silenced_at = COALESCE(a.silenced_at, ?) WHERE a.id = ?"
                + " AND a.incident_id IS NULL AND"
                + MATCHING_ALERT
                + "RETURNING a.id",
            at,
            at,
            alertId)
        .isEmpty();
  }

  /** Whether an active silence matches the alert now (its repeats and pages wait). */
  boolean silenced(long alertId, Instant at) {
    return !ids("SELECT a.id FROM alerts a WHERE a.id = ? AND" + MATCHING_ALERT, at, alertId)
        .isEmpty();
  }

  /** Alerts held back that are still firing and that no active silence matches any more. */
  List<Long> releasable(Instant at) {
    return ids(
        "SELECT a.id FROM alerts a WHERE a.silenced_at IS NOT NULL AND a.state = 'firing'"
            + " AND a.incident_id IS NULL AND NOT"
            + MATCHING_ALERT
            + "ORDER BY a.id",
        at);
  }

  /**
   * Takes the release of a held-back alert: true for the one replica whose update cleared the mark
   * (the row's lock makes a second one find it cleared); that replica posts it.
   */
  boolean release(long alertId, Instant at) {
    return !ids(
            "UPDATE alerts a SET silenced_at = NULL, silence_released_at = ? WHERE a.id = ?"
                + " AND a.silenced_at IS NOT NULL"
                + " AND a.state = 'firing' AND a.incident_id IS NULL AND NOT"
                + MATCHING_ALERT
                + "RETURNING a.id",
            at,
            at,
            alertId)
        .isEmpty();
  }

  /** Firing alerts a silence held and some replica released: each replica shows them too. */
  List<Long> releasedFiring() {
    return inTransaction(connection -> {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT id FROM alerts WHERE silence_released_at IS NOT NULL AND state = 'firing'"
                  + " AND incident_id IS NOT NULL ORDER BY id")) {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getLong(1));
          }
        }
        return ids;
      }
    });
  }

  /** Runs a statement binding {@code leading}, then {@code active} for its ACTIVE clause. */
  private List<Long> ids(String sql, Instant active, Object... leading) {
    return inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int i = 1;
        for (Object parameter : leading) {
          if (parameter instanceof Instant instant) {
            statement.setTimestamp(i++, Timestamp.from(instant));
          } else {
            statement.setObject(i++, parameter);
          }
        }
        bindActive(statement, i, active);
        List<Long> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getLong(1));
          }
        }
        return ids;
      }
    });
  }

  static PreparedStatement bindActive(PreparedStatement statement, int first, Instant at)
      throws SQLException {
    for (int i = 0; i < 3; i++) {
      statement.setTimestamp(first + i, Timestamp.from(at));
    }
    return statement;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw StateUnavailableException.of(e);
    }
  }

  private static Array array(Connection connection, List<String> values) throws SQLException {
    return values == null ? null : connection.createArrayOf("text", values.toArray());
  }

  private static List<String> list(ResultSet rows, String column) throws SQLException {
    Array array = rows.getArray(column);
    return array == null ? null : Arrays.asList((String[]) array.getArray());
  }

  private static Silence silence(ResultSet rows) throws SQLException {
    return new Silence(
        rows.getLong("id"),
        Silence.Kind.of(rows.getString("kind")),
        new SilenceMatchers(match(rows, "rule"), match(rows, "service"), match(rows, "severity")),
        rows.getTimestamp("starts_at").toInstant(),
        rows.getTimestamp("ends_at").toInstant(),
        rows.getString("created_by"),
        rows.getString("reason"),
        instant(rows, "ended_at"),
        rows.getString("ended_by"));
  }

  private static SilenceMatchers.Match match(ResultSet rows, String field) throws SQLException {
    List<String> anyOf = list(rows, field + "_eq");
    String regex = rows.getString(field + "_re");
    return anyOf == null && regex == null
        ? SilenceMatchers.ANY
        : new SilenceMatchers.Match(anyOf, regex);
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    Timestamp timestamp = rows.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
