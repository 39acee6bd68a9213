package dev.opsbot.alert;

import dev.opsbot.config.Severity;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.state.SqlUpdates;
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

/**
 * Alerts in the state database. The database keeps at most one open alert per (rule, service), so
 * two replicas, or one restarted mid-incident, never open a second one; every change of state is
 * stored with who made it and when, in the same transaction as the change.
 */
public final class AlertStore {
  static final String COLUMNS =
      "id, rule_id, service, severity, state, summary, value, threshold, reason, opened_at, fired_at,"
          + " acknowledged_at, acknowledged_by, snoozed_until, snoozed_by, resolved_at, resolved_by,"
          + " incident_id, channel, escalated_at";

  private final StateDatabase database;
  private final AlertDecisionStore decisions;
  private final EscalationStore escalations;
  private final SilenceStore silences;

  public AlertStore(StateDatabase database) {
    this.database = database;
    this.decisions = new AlertDecisionStore(database);
    this.escalations = new EscalationStore(database);
    this.silences = new SilenceStore(database);
  }

  /** Silences and maintenance windows, and the alerts they hold back. */
  SilenceStore silences() {
    return silences;
  }

  /** Where firing alerts stand in their escalation policies. */
  EscalationStore escalations() {
    return escalations;
  }

  /** Why open alerts are not paging on their own: silenced, or folded. */
  OpenAlertMarksQueries marks() {
    return new OpenAlertMarksQueries(database);
  }

  /** Which alerts are folded into a dependency's alert. */
  FoldStore folds() {
    return new FoldStore(database);
  }

  /** The fires of a probe round, in one transaction. */
  RoundFireStore roundFires() {
    return new RoundFireStore(database);
  }

  /** The open alert of a rule and service: the one just opened, or the one already open. */
  public record Opened(StoredAlert alert, boolean created) {}

  /** Opens a pending alert for (rule, service), unless one is open already. */
  public Opened open(
      String ruleId,
      String service,
      Severity severity,
      String summary,
      String value,
      String threshold,
      Instant at) {
    ready();
    String insert =
        "INSERT INTO alerts (rule_id, service, severity, state, summary, value, threshold,"
            + " opened_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)"
            + " ON CONFLICT (rule_id, service) WHERE state <> 'resolved' DO NOTHING"
            + " RETURNING "
            + COLUMNS;
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        StoredAlert created = null;
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
          statement.setString(1, ruleId);
          statement.setString(2, service);
          statement.setString(3, severity.id());
          statement.setString(4, summary);
          statement.setString(5, value);
          statement.setString(6, threshold);
          statement.setTimestamp(7, Timestamp.from(at));
          try (ResultSet rows = statement.executeQuery()) {
            if (rows.next()) {
              created = alert(rows);
            }
          }
        }
        if (created != null) {
          AlertTransitionStore.record(
              connection, created.id(), null, StoredAlertState.PENDING, null, at, summary);
          connection.commit();
          return new Opened(created, true);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      return new Opened(
          findOpen(ruleId, service)
              .orElseThrow(() -> new StateUnavailableException("alert vanished")),
          false);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * Moves an alert to {@code to}, if {@link StoredAlertState} allows it from where the alert is
   * now; {@code by} is the user, or null for opsbot itself.
   */
  public AlertMove transition(long id, StoredAlertState to, String by, Instant at, String note) {
    if (to == StoredAlertState.SNOOZED) {
      throw new IllegalArgumentException("snooze(...) says until when");
    }
    return move(id, to, by, at, null, null, note);
  }

  /** Snoozes a firing (or already snoozed) alert until {@code until}. */
  public AlertMove snooze(long id, Instant until, String by, Instant at) {
    return move(id, StoredAlertState.SNOOZED, by, at, until, null, "until " + until);
  }

  /** What fired an alert, and the summary line they fill in. */
  public record WhatFired(String summary, String value, String threshold, String reason) {
    static WhatFired of(AlertEvent.Fired fired, dev.opsbot.config.AlertRule rule) {
      return new WhatFired(
          SummaryTemplate.render(
              rule, fired.key(), fired.value(), fired.threshold(), fired.reason()),
          fired.value(),
          fired.threshold(),
          fired.reason());
    }
  }

  /**
   * Moves a pending alert to firing and records what fired it, so that the alert says why wherever
   * it is shown later: after a restart, in /alerts, in the digest.
   */
  public AlertMove fire(long id, WhatFired what, Instant at, String note) {
    return move(id, StoredAlertState.FIRING, null, at, null, what, note);
  }

  private AlertMove move(
      long id,
      StoredAlertState to,
      String by,
      Instant at,
      Instant snoozedUntil,
      WhatFired what,
      String note) {
    return underLock(
        database,
        id,
        (connection, current) -> {
          if (!current.state().canMoveTo(to)) {
            return current.state() == to
                ? new AlertMove.AlreadyThere(current)
                : new AlertMove.NotAllowed(current, to);
          }
          String column =
              switch (to) {
                case FIRING ->
                    ", fired_at = COALESCE(fired_at, ?), snoozed_until = NULL"
                        + (what == null
                            ? ""
                            : ", summary = ?, value = ?, threshold = ?, reason = ?");
                case ACKNOWLEDGED -> ", acknowledged_at = ?, acknowledged_by = ?";
                case SNOOZED -> ", snoozed_until = ?, snoozed_by = ?";
                case RESOLVED -> ", resolved_at = ?, resolved_by = ?";
                case PENDING -> "";
              };
          String update =
              "UPDATE alerts SET state = ?" + column + " WHERE id = ? RETURNING " + COLUMNS;
          StoredAlert updated;
          try (PreparedStatement statement = connection.prepareStatement(update)) {
            int i = 1;
            statement.setString(i++, to.id());
            if (to == StoredAlertState.FIRING) {
              statement.setTimestamp(i++, Timestamp.from(at));
              if (what != null) {
                statement.setString(i++, what.summary());
                statement.setString(i++, what.value());
                statement.setString(i++, what.threshold());
                statement.setString(i++, what.reason());
              }
            } else if (to == StoredAlertState.SNOOZED) {
              statement.setTimestamp(i++, Timestamp.from(snoozedUntil));
              statement.setString(i++, by);
            } else if (to == StoredAlertState.ACKNOWLEDGED || to == StoredAlertState.RESOLVED) {
              statement.setTimestamp(i++, Timestamp.from(at));
              statement.setString(i++, by);
            }
            statement.setLong(i, id);
            try (ResultSet rows = statement.executeQuery()) {
              rows.next();
              updated = alert(rows);
            }
          }
          AlertTransitionStore.record(connection, id, current.state(), to, by, at, note);
          return new AlertMove.Moved(updated);
        });
  }

  /** What a transaction does with an alert's row once it holds its lock; a refusal rolls back. */
  @FunctionalInterface
  interface LockedMove {
    AlertMove apply(Connection connection, StoredAlert current) throws SQLException;
  }

  /**
   * Runs {@code move} on the alert's row under its lock, in one transaction that is committed only
   * when the alert moved: two replicas moving one alert at once take turns, and the second sees
   * what the first did.
   */
  static AlertMove underLock(StateDatabase database, long id, LockedMove move) {
    database.requireReady();
    try (Connection connection = database.dataSource().getConnection()) {
      return Transaction.commitIf(
          connection,
          c -> move.apply(c, lockAlert(c, id)),
          result -> result instanceof AlertMove.Moved);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** What time alone may do to a fired alert; each is decided under the alert's row lock. */
  public enum TimerMove {
    REPEAT, // "still firing": only while firing, neither acknowledged nor snoozed
    END_SNOOZE // only while still snoozed, and not until a later time
  }

  /**
   * Makes a decision of time about an alert from what the database holds now, and enqueues its
   * messages in the same transaction: an acknowledgement made through any replica, even a moment
   * before, stops it, and two replicas deciding at once post once. Anything but {@link
   * AlertMove.Moved} enqueued nothing and carries the alert as it stands.
   */
  public AlertMove decide(long id, TimerMove move, Instant at, List<OutboxItem> messages) {
    return decisions.decide(id, move, at, messages);
  }

  /**
   * Records where a fired alert is shown: the incident whose parent message lists it (its own id
   * when it leads one) and the channel that message is in. The first replica to place it wins;
   * returns the alert with the placement in effect.
   */
  public StoredAlert placeIn(long id, long incidentId, String channel) {
    List<StoredAlert> placed =
        select(
            "UPDATE alerts SET incident_id = ?, channel = ? WHERE id = ? AND incident_id IS NULL"
                + " RETURNING "
                + COLUMNS,
            incidentId,
            channel,
            id);
    return placed.isEmpty() ? find(id).orElseThrow() : placed.getFirst();
  }

  /** Records the latest observed value of an open alert. */
  public void observe(long id, String value) {
    execute("UPDATE alerts SET value = ? WHERE id = ? AND state <> 'resolved'", value, id);
  }

  private void execute(String sql, Object... parameters) {
    ready();
    try {
      SqlUpdates.run(database.dataSource(), sql, parameters);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  public Optional<StoredAlert> findOpen(String ruleId, String service) {
    List<StoredAlert> found =
        select(
            "SELECT "
                + COLUMNS
                + " FROM alerts WHERE rule_id = ? AND service = ? AND state <> 'resolved'",
            ruleId,
            service);
    return found.stream().findFirst();
  }

  public Optional<StoredAlert> find(long id) {
    return select("SELECT " + COLUMNS + " FROM alerts WHERE id = ?", id).stream().findFirst();
  }

  /** Every alert not yet resolved, oldest first. */
  public List<StoredAlert> openAlerts() {
    return select(
        "SELECT " + COLUMNS + " FROM alerts WHERE state <> 'resolved' ORDER BY opened_at, id");
  }

  /** The changes of one alert, oldest first. */
  public List<AlertTransition> transitions(long id) {
    return AlertTransitionStore.transitions(database, id);
  }

  private List<StoredAlert> select(String sql, Object... parameters) {
    ready();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<StoredAlert> alerts = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          alerts.add(alert(rows));
        }
      }
      return alerts;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  static StoredAlert lockAlert(Connection connection, long id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ? FOR UPDATE")) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalArgumentException("no alert " + id);
        }
        return alert(rows);
      }
    }
  }

  static StoredAlert alert(ResultSet rows) throws SQLException {
    return new StoredAlert(
        rows.getLong("id"),
        rows.getString("rule_id"),
        rows.getString("service"),
        Severity.of(rows.getString("severity")),
        StoredAlertState.of(rows.getString("state")),
        rows.getString("summary"),
        rows.getString("value"),
        rows.getString("threshold"),
        rows.getString("reason"),
        instant(rows, "opened_at"),
        instant(rows, "fired_at"),
        instant(rows, "acknowledged_at"),
        rows.getString("acknowledged_by"),
        instant(rows, "snoozed_until"),
        rows.getString("snoozed_by"),
        instant(rows, "resolved_at"),
        rows.getString("resolved_by"),
        rows.getObject("incident_id") == null ? null : rows.getLong("incident_id"),
        rows.getString("channel"),
        instant(rows, "escalated_at"));
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    Timestamp timestamp = rows.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  private void ready() {
    database.requireReady();
  }

  static StateUnavailableException unavailable(SQLException e) {
    return StateUnavailableException.of(e);
  }
}
