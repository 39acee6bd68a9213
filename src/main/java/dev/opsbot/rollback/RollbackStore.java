package dev.opsbot.rollback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import dev.opsbot.state.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * Rollback and restart plans and per-service locks in the state database. Confirming moves a plan
 * out of pending exactly once and takes the lock in the same transaction, so a double click, or two
 * replicas, start one rollback.
 */
public final class RollbackStore implements RollbackLedger {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String COLUMNS =
      "id, service, provider, provider_id, current_deploy::text AS current_deploy,"
          + " target_deploy::text AS target_deploy, platform, requested_by, requested_by_name,"
          + " channel, requested_at, expires_at, forced, auto_deploy, state, approved_by,"
          + " decided_by, action, thread";

  private final StateDatabase database;

  public RollbackStore(StateDatabase database) {
    this.database = database;
  }

  @Override
  public RollbackPlan create(RollbackPlan plan) {
    String sql =
        "INSERT INTO rollback_plans (service, provider, provider_id, current_deploy,"
            + " target_deploy, platform, requested_by, requested_by_name, channel, requested_at,"
            + " expires_at, forced, auto_deploy, action, thread) VALUES (?, ?, ?, ?::jsonb,"
            + " ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
            + COLUMNS;
    try (Connection connection = connection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, plan.service());
      insert.setString(2, plan.provider());
      insert.setString(3, plan.providerId());
      insert.setString(4, json(plan.current()));
      insert.setString(5, json(plan.target()));
      insert.setString(6, plan.requester().platform());
      insert.setString(7, plan.requester().userId());
      insert.setString(8, plan.requester().userName());
      insert.setString(9, plan.requester().channel());
      insert.setTimestamp(10, Timestamp.from(plan.requestedAt()));
      insert.setTimestamp(11, Timestamp.from(plan.expiresAt()));
      insert.setBoolean(12, plan.forced());
      if (plan.autoDeploy() == null) {
        insert.setNull(13, Types.BOOLEAN);
      } else {
        insert.setBoolean(13, plan.autoDeploy());
      }
      insert.setString(14, plan.action().id());
      insert.setString(15, plan.thread());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return plan(row);
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<RollbackPlan> find(long id) {
    try (Connection connection = connection()) {
      return find(connection, id);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private Optional<RollbackPlan> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM rollback_plans WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(plan(row)) : Optional.empty();
      }
    }
  }

  @Override
  public boolean approve(long id, String approver) {
    return update(
        "UPDATE rollback_plans SET approved_by = ? WHERE id = ? AND state = 'pending'",
        approver,
        id);
  }

  @Override
  public boolean cancel(long id, String by, Instant at) {
    try (Connection connection = connection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE rollback_plans SET state = 'canceled', decided_by = ?, decided_at = ?,"
                    + " finished_at = ? WHERE id = ? AND state = 'pending'")) {
      update.setString(1, by);
      update.setTimestamp(2, Timestamp.from(at));
      update.setTimestamp(3, Timestamp.from(at));
      update.setLong(4, id);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Start start(long id, String by, Instant now, Instant lockUntil) {
    try (Connection connection = connection()) {
      return Transaction.commitIf(
          connection,
          c -> start(c, id, by, now, lockUntil),
          result -> result instanceof Start.Started);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private Start start(Connection connection, long id, String by, Instant now, Instant lockUntil)
      throws SQLException {
    // The row lock makes a concurrent second click wait here, then see the plan is no longer
    // pending.
    Optional<RollbackPlan> plan;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM rollback_plans WHERE id = ? FOR UPDATE")) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        plan = row.next() ? Optional.of(plan(row)) : Optional.empty();
      }
    }
    if (plan.isEmpty()) {
      return new Start.Unknown();
    }
    RollbackPlan found = plan.get();
    if (found.state() != RollbackPlan.State.PENDING) {
      return new Start.NotPending(found.state(), found.decidedBy());
    }
    if (found.expiredAt(now)) {
      return new Start.Expired();
    }
    // A lock past its time belongs to a replica that stopped mid-rollback: its plan is closed as
    // unverified (nobody saw how it ended) before the lock is taken over.
    try (PreparedStatement orphan =
        connection.prepareStatement(
            "UPDATE rollback_plans SET state = 'unverified', finished_at = ?, outcome = 'opsbot"
                + " stopped following it (its lock expired): check the provider''s dashboard'"
                + " WHERE state = 'running' AND id IN (SELECT plan_id FROM rollback_locks WHERE"
                + " service = ? AND expires_at <= ?)")) {
      orphan.setTimestamp(1, Timestamp.from(now));
      orphan.setString(2, found.service());
      orphan.setTimestamp(3, Timestamp.from(now));
      orphan.executeUpdate();
    }
    try (PreparedStatement stale =
        connection.prepareStatement(
            "DELETE FROM rollback_locks WHERE service = ? AND expires_at <= ?")) {
      stale.setString(1, found.service());
      stale.setTimestamp(2, Timestamp.from(now));
      stale.executeUpdate();
    }
    try (PreparedStatement lock =
        connection.prepareStatement(
            "INSERT INTO rollback_locks (service, plan_id, holder, acquired_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (service) DO NOTHING")) {
      lock.setString(1, found.service());
      lock.setLong(2, id);
      lock.setString(3, by);
      lock.setTimestamp(4, Timestamp.from(now));
      lock.setTimestamp(5, Timestamp.from(lockUntil));
      if (lock.executeUpdate() == 0) {
        return new Start.Locked(lock(connection, found.service(), now).orElseThrow());
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE rollback_plans SET state = 'running', decided_by = ?, decided_at = ?"
                + " WHERE id = ?")) {
      update.setString(1, by);
      update.setTimestamp(2, Timestamp.from(now));
      update.setLong(3, id);
      update.executeUpdate();
    }
    return new Start.Started();
  }

  @Override
  public Optional<Lock> lock(String service, Instant now) {
    try (Connection connection = connection()) {
      return lock(connection, service, now);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static Optional<Lock> lock(Connection connection, String service, Instant now)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT l.plan_id, l.holder, l.acquired_at, p.action FROM rollback_locks l JOIN"
                + " rollback_plans p ON p.id = l.plan_id WHERE l.service = ? AND l.expires_at >"
                + " ?")) {
      query.setString(1, service);
      query.setTimestamp(2, Timestamp.from(now));
      try (ResultSet row = query.executeQuery()) {
        return row.next()
            ? Optional.of(
                new Lock(
                    service,
                    row.getLong("plan_id"),
                    row.getString("holder"),
                    row.getTimestamp("acquired_at").toInstant(),
                    RollbackPlan.Action.of(row.getString("action"))))
            : Optional.empty();
      }
    }
  }

  @Override
  public void triggered(long id, String newDeploy) {
    update("UPDATE rollback_plans SET new_deploy = ? WHERE id = ?", newDeploy, id);
  }

  @Override
  public boolean finish(long id, RollbackPlan.State state, String outcome, Instant at) {
    try (Connection connection = connection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE rollback_plans SET state = ?, outcome = ?, finished_at = ?"
                      + " WHERE id = ? AND state = 'running'");
          PreparedStatement unlock =
              connection.prepareStatement("DELETE FROM rollback_locks WHERE plan_id = ?")) {
        update.setString(1, state.id());
        update.setString(2, outcome);
        update.setTimestamp(3, Timestamp.from(at));
        update.setLong(4, id);
        boolean finished = update.executeUpdate() == 1;
        unlock.setLong(1, id);
        unlock.executeUpdate();
        connection.commit();
        return finished;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private boolean update(String sql, String value, long id) {
    try (Connection connection = connection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, value);
      update.setLong(2, id);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private Connection connection() throws SQLException {
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new StateUnavailableException(
          "the state database is unavailable ("
              + notReady.get()
              + "): rollbacks need it for"
              + " their plans and locks; try again when it is back");
    }
    return database.dataSource().getConnection();
  }

  private static RuntimeException unavailable(SQLException e) {
    return new StateUnavailableException(
        "the state database failed (" + ConnectionErrors.describe(e) + "): try again shortly", e);
  }

  private static RollbackPlan plan(ResultSet row) throws SQLException {
    boolean autoDeploy = row.getBoolean("auto_deploy");
    Boolean known = row.wasNull() ? null : autoDeploy;
    return new RollbackPlan(
        row.getLong("id"),
        row.getString("service"),
        row.getString("provider"),
        row.getString("provider_id"),
        deploy(row.getString("current_deploy")),
        deploy(row.getString("target_deploy")),
        new RollbackPlan.Requester(
            row.getString("platform"),
            row.getString("requested_by"),
            row.getString("requested_by_name"),
            row.getString("channel")),
        row.getTimestamp("requested_at").toInstant(),
        row.getTimestamp("expires_at").toInstant(),
        row.getBoolean("forced"),
        known,
        RollbackPlan.State.of(row.getString("state")),
        row.getString("approved_by"),
        row.getString("decided_by"),
        RollbackPlan.Action.of(row.getString("action")),
        row.getString("thread"));
  }

  private static String json(Deploy deploy) {
    try {
      return JSON.writeValueAsString(deploy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Deploy deploy(String json) {
    try {
      return JSON.readValue(json, Deploy.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored rollback plan is unreadable: " + e.getMessage());
    }
  }
}
