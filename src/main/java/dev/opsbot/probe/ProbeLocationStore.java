package dev.opsbot.probe;

import dev.opsbot.state.ConnectionErrors;
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
import java.util.Optional;

/**
 * Each location's latest verdict on each target, in the state database, shared by the replicas that
 * probe from different places. Writing a batch and reading what the other locations saw of the same
 * targets is one statement, however many targets the batch holds.
 */
public final class ProbeLocationStore {
  /** A stalled database must not hold probing threads for the pool's 30 s socket timeout. */
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  private static final String RECORD =
      "WITH input AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::timestamptz[]) AS t(subject, check_name, kind, status, reason, at)),"
          + " written AS (INSERT INTO probe_locations"
          + "  (subject, check_name, location, kind, status, reason, at)"
          + "  SELECT subject, check_name, ?, kind, status, reason, at FROM input"
          + "  ON CONFLICT (subject, check_name, location) DO UPDATE SET kind = excluded.kind,"
          + "  status = excluded.status, reason = excluded.reason, at = excluded.at"
          + "  WHERE probe_locations.at <= excluded.at)"
          + " SELECT p.subject, p.check_name, p.location, p.kind, p.status, p.reason, p.at"
          + " FROM probe_locations p JOIN input i USING (subject, check_name)"
          + " WHERE p.location <> ? AND p.at >= ?";

  private final StateDatabase database;

  public ProbeLocationStore(StateDatabase database) {
    this.database = database;
  }

  /**
   * Stores {@code results} as {@code location}'s latest verdicts (one result per target) and
   * returns what the other locations saw of those targets since {@code since}.
   */
  public List<LocationSighting> record(
      String location, Collection<ProbeResult> results, Instant since) {
    int size = results.size();
    String[] subjects = new String[size];
    String[] checks = new String[size];
    String[] kinds = new String[size];
    String[] statuses = new String[size];
    String[] reasons = new String[size];
    Timestamp[] ats = new Timestamp[size];
    int i = 0;
    for (ProbeResult result : results) {
      subjects[i] = result.key().subject();
      checks[i] = result.key().check();
      kinds[i] = result.key().kind().name();
      statuses[i] = statusCode(result.status());
      reasons[i] = result.reason() == null ? "" : result.reason();
      ats[i] = Timestamp.from(result.at());
      i++;
    }
    try (Connection connection = connection();
        PreparedStatement statement = connection.prepareStatement(RECORD)) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setArray(1, connection.createArrayOf("text", subjects));
      statement.setArray(2, connection.createArrayOf("text", checks));
      statement.setArray(3, connection.createArrayOf("text", kinds));
      statement.setArray(4, connection.createArrayOf("text", statuses));
      statement.setArray(5, connection.createArrayOf("text", reasons));
      statement.setArray(6, connection.createArrayOf("timestamptz", ats));
      statement.setString(7, location);
      statement.setString(8, location);
      statement.setTimestamp(9, Timestamp.from(since));
      return sightings(statement);
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "probe locations not written: " + ConnectionErrors.describe(e), e);
    }
  }

  /** What every location other than {@code location} saw of any target since {@code since}. */
  public List<LocationSighting> othersSince(String location, Instant since) {
    String sql =
        "SELECT subject, check_name, location, kind, status, reason, at FROM probe_locations"
            + " WHERE location <> ? AND at >= ?";
    try (Connection connection = connection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setString(1, location);
      statement.setTimestamp(2, Timestamp.from(since));
      return sightings(statement);
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "probe locations not read: " + ConnectionErrors.describe(e), e);
    }
  }

  private static List<LocationSighting> sightings(PreparedStatement statement) throws SQLException {
    List<LocationSighting> sightings = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        ProbeKind kind;
        try {
          kind = ProbeKind.valueOf(rows.getString("kind"));
        } catch (IllegalArgumentException e) {
          // Written by a newer opsbot that probes something this one does not know: not ours.
          continue;
        }
        ProbeKey key = new ProbeKey(rows.getString("subject"), rows.getString("check_name"), kind);
        sightings.add(
            new LocationSighting(
                key,
                rows.getString("location"),
                status(rows.getString("status")),
                rows.getString("reason"),
                rows.getTimestamp("at").toInstant()));
      }
    }
    return sightings;
  }

  private Connection connection() throws SQLException {
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new SQLException("state database unavailable: " + notReady.get());
    }
    return database.dataSource().getConnection();
  }

  private static String statusCode(ProbeStatus status) {
    return switch (status) {
      case UP -> "U";
      case DEGRADED -> "D";
      case DOWN -> "X";
    };
  }

  private static ProbeStatus status(String code) {
    return switch (code) {
      case "U" -> ProbeStatus.UP;
      case "D" -> ProbeStatus.DEGRADED;
      default -> ProbeStatus.DOWN;
    };
  }
}
