package dev.opsbot.oncall;

import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import dev.opsbot.state.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Overrides in the state database ({@code oncall_overrides}). Storing checks for overlapping live
 * overrides and inserts in one transaction under an advisory lock on the schedule, so two replicas
 * asked at once for overlapping windows store one of them.
 */
public final class OverrideStore implements OverrideSource {
  private static final String COLUMNS =
      "id, schedule, person_id, starts_at, ends_at, requested_by, requested_at, canceled_at,"
          + " canceled_by";

  private final StateDatabase database;
  private final Function<String, Optional<Person>> people;

  /** {@code people} finds a person of {@code people:} by id. */
  public OverrideStore(StateDatabase database, Function<String, Optional<Person>> people) {
    this.database = database;
    this.people = people;
  }

  /** A window asked for: {@code person} takes {@code schedule} from start until end. */
  public record Request(String schedule, Person person, Instant start, Instant end) {}

  /** An override as stored, canceled or not. */
  public record Stored(Override override, Instant canceledAt, String canceledBy) {
    public boolean canceled() {
      return canceledAt != null;
    }
  }

  /** What storing came to: every window stored, or none because these live ones overlap. */
  public sealed interface Outcome {
    record Saved(List<Override> overrides) implements Outcome {}

    record Overlapping(List<Override> existing) implements Outcome {}
  }

  @java.lang.Override
  public List<Override> overlapping(String schedule, Instant from, Instant to) {
    try (Connection connection = connection()) {
      return overlapping(connection, schedule, from, to);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * Stores every request (all of one schedule) or none: none when a live override of the schedule
   * overlaps one of them, or two of them overlap each other.
   */
  public Outcome store(List<Request> requests, String requestedBy, Instant requestedAt) {
    String schedule = requests.getFirst().schedule();
    if (requests.stream().anyMatch(r -> !r.schedule().equals(schedule))) {
      throw new IllegalArgumentException("one schedule per call");
    }
    try (Connection connection = connection()) {
      return Transaction.commitIf(
          connection,
          c -> store(c, schedule, requests, requestedBy, requestedAt),
          outcome -> outcome instanceof Outcome.Saved);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private Outcome store(
      Connection connection,
      String schedule,
      List<Request> requests,
      String requestedBy,
      Instant requestedAt)
      throws SQLException {
    // Held until commit or rollback: a second replica storing for this schedule waits here, then
    // sees what the first one stored.
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      lock.setString(1, "oncall_overrides:" + schedule);
      lock.executeQuery().close();
    }
    List<Override> saved = new ArrayList<>();
    for (Request request : requests) {
      List<Override> clash = overlapping(connection, schedule, request.start(), request.end());
      if (!clash.isEmpty()) {
        return new Outcome.Overlapping(clash);
      }
      saved.add(insert(connection, request, requestedBy, requestedAt));
    }
    return new Outcome.Saved(saved);
  }

  private Override insert(
      Connection connection, Request request, String requestedBy, Instant requestedAt)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO oncall_overrides (schedule, person_id, starts_at, ends_at, requested_by,"
                + " requested_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING "
                + COLUMNS)) {
      insert.setString(1, request.schedule());
      insert.setString(2, request.person().id());
      insert.setTimestamp(3, Timestamp.from(request.start()));
      insert.setTimestamp(4, Timestamp.from(request.end()));
      insert.setString(5, requestedBy);
      insert.setTimestamp(6, Timestamp.from(requestedAt));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return stored(row).override();
      }
    }
  }

  public Optional<Stored> find(long id) {
    try (Connection connection = connection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM oncall_overrides WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(stored(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** Cancels a live override; false when it was canceled already (by someone a moment earlier). */
  public boolean cancel(long id, String by, Instant at) {
    try (Connection connection = connection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE oncall_overrides SET canceled_at = ?, canceled_by = ?"
                    + " WHERE id = ? AND canceled_at IS NULL")) {
      update.setTimestamp(1, Timestamp.from(at));
      update.setString(2, by);
      update.setLong(3, id);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private List<Override> overlapping(
      Connection connection, String schedule, Instant from, Instant to) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM oncall_overrides WHERE schedule = ? AND canceled_at IS NULL"
                + " AND starts_at < ? AND ends_at > ? ORDER BY requested_at, id")) {
      query.setString(1, schedule);
      query.setTimestamp(2, Timestamp.from(to));
      query.setTimestamp(3, Timestamp.from(from));
      List<Override> found = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(stored(rows).override());
        }
      }
      return found;
    }
  }

  private Stored stored(ResultSet row) throws SQLException {
    String personId = row.getString("person_id");
    // Someone since removed from people: still shown, by the id they had.
    Person person =
        people.apply(personId).orElseGet(() -> new Person(personId, null, null, null, null));
    Timestamp canceledAt = row.getTimestamp("canceled_at");
    return new Stored(
        new Override(
            row.getLong("id"),
            row.getString("schedule"),
            person,
            row.getTimestamp("starts_at").toInstant(),
            row.getTimestamp("ends_at").toInstant(),
            row.getString("requested_by"),
            row.getTimestamp("requested_at").toInstant()),
        canceledAt == null ? null : canceledAt.toInstant(),
        row.getString("canceled_by"));
  }

  private Connection connection() throws SQLException {
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new StateUnavailableException(
          "the state database is unavailable ("
              + notReady.get()
              + "): on-call overrides are kept there; try again when it is back");
    }
    return database.dataSource().getConnection();
  }

  private static RuntimeException unavailable(SQLException e) {
    return new StateUnavailableException(
        "the state database failed (" + ConnectionErrors.describe(e) + "): try again shortly", e);
  }
}
