package dev.opsbot.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.FieldSample;
import dev.opsbot.digest.DigestFacts.HourlyRollup;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import dev.opsbot.digest.DigestFacts.OutsideCounts;
import dev.opsbot.probe.LatencyHistogram;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digest's reads of the state database: rollups, AUREA's fields, alerts, maintenance windows,
 * the audit log.
 */
public final class DigestQueries implements DigestSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateDatabase database;
  private final ProbeHistoryStore history;

  public DigestQueries(StateDatabase database, ProbeHistoryStore history) {
    this.database = database;
    this.history = history;
  }

  /**
   * The hour of {@code end} and the one before are rolled up again, whole, so a digest built for an
   * earlier time (one posted late) never leaves an hour's rollup cut short; older hours were rolled
   * by the history recorder's maintenance, and pruning is left to it.
   */
  @Override
  public void refresh(Instant end) {
    Instant hour = end.truncatedTo(ChronoUnit.HOURS);
    history.rollUp(hour.minus(Duration.ofHours(1)), hour.plus(Duration.ofHours(1)));
  }

  @Override
  public List<HourlyRollup> hourly(Instant from, Instant to) {
    String sql =
        "SELECT hour, subject, check_name, samples, up, degraded, down, latency_max_ms, p50_ms,"
            + " p99_ms,"
            // As text: the driver's java.sql.Array costs more than the rest of the row together.
            + " bucket_ids::text AS bucket_ids, bucket_counts::text AS bucket_counts FROM probe_hourly WHERE hour >= ? AND hour < ?"
            // No ORDER BY: sorting by the subject's collation was a third of the read, and the
            // builder groups the rows itself.
            + " AND check_name IN ('health', 'select-1')";
    List<HourlyRollup> rows = new ArrayList<>();
    query(
        sql,
        result -> {
          LatencyHistogram latency = new LatencyHistogram();
          long[] ids = integers(result.getString("bucket_ids"));
          long[] counts = integers(result.getString("bucket_counts"));
          for (int i = 0; i < ids.length; i++) {
            latency.add((int) ids[i], counts[i]);
          }
          rows.add(
              new HourlyRollup(
                  result.getTimestamp("hour").toInstant(),
                  result.getString("subject"),
                  result.getString("check_name"),
                  result.getLong("samples"),
                  result.getLong("up"),
                  result.getLong("degraded"),
                  result.getLong("down"),
                  result.getLong("latency_max_ms"),
                  result.getLong("p50_ms"),
                  result.getLong("p99_ms"),
                  latency));
        },
        Timestamp.from(from),
        Timestamp.from(to));
    return rows;
  }

  @Override
  public List<FieldSample> fieldSamples(String subject, Instant from, Instant to) {
    String sql =
        "SELECT at, check_name, fields::text AS fields FROM probe_samples WHERE subject = ?"
            + " AND fields IS NOT NULL AND at >= ? AND at < ? ORDER BY at";
    List<FieldSample> samples = new ArrayList<>();
    query(
        sql,
        result -> {
          Map<String, String> fields = new LinkedHashMap<>();
          try {
            JSON.readTree(result.getString("fields"))
                .properties()
                .forEach(e -> fields.put(e.getKey(), text(e.getValue())));
          } catch (java.io.IOException e) {
            return;
          }
          samples.add(
              new FieldSample(
                  result.getTimestamp("at").toInstant(), result.getString("check_name"), fields));
        },
        subject,
        Timestamp.from(from),
        Timestamp.from(to));
    return samples;
  }

  @Override
  public AlertFigures alerts(Instant from, Instant to) {
    Timestamp f = Timestamp.from(from);
    Timestamp t = Timestamp.from(to);
    long[] counts = new long[5];
    Duration[] means = new Duration[2];
    query(
        "SELECT count(*) FILTER (WHERE fired_at >= ? AND fired_at < ?),"
            + " count(*) FILTER (WHERE acknowledged_at >= ? AND acknowledged_at < ?),"
            + " count(*) FILTER (WHERE resolved_at >= ? AND resolved_at < ? AND fired_at IS NOT NULL),"
            + " count(*) FILTER (WHERE state IN ('firing', 'acknowledged', 'snoozed')),"
            + " count(*) FILTER (WHERE state IN ('firing', 'acknowledged', 'snoozed')"
            + "   AND severity = 'critical'),"
            + " avg(extract(epoch FROM acknowledged_at - fired_at)) FILTER (WHERE acknowledged_at >= ?"
            + "   AND acknowledged_at < ? AND fired_at IS NOT NULL),"
            + " avg(extract(epoch FROM resolved_at - fired_at)) FILTER (WHERE resolved_at >= ?"
            + "   AND resolved_at < ? AND fired_at IS NOT NULL)"
            + " FROM alerts WHERE fired_at >= ? OR acknowledged_at >= ? OR resolved_at >= ?"
            + " OR state <> 'resolved'",
        result -> {
          for (int i = 0; i < 5; i++) {
            counts[i] = result.getLong(i + 1);
          }
          means[0] = seconds(result, 6);
          means[1] = seconds(result, 7);
        },
        f,
        t,
        f,
        t,
        f,
        t,
        f,
        t,
        f,
        t,
        f,
        f,
        f);
    Map<String, Long> byService = new LinkedHashMap<>();
    query(
        "SELECT service, count(*) FROM alerts WHERE fired_at >= ? AND fired_at < ?"
            + " GROUP BY service ORDER BY 2 DESC, 1",
        result -> byService.put(result.getString(1), result.getLong(2)),
        f,
        t);
    String[] noisiest = new String[1];
    long[] noisiestCount = new long[1];
    query(
        "SELECT rule_id, count(*) FROM alerts WHERE fired_at >= ? AND fired_at < ?"
            + " GROUP BY rule_id ORDER BY 2 DESC, 1 LIMIT 1",
        result -> {
          noisiest[0] = result.getString(1);
          noisiestCount[0] = result.getLong(2);
        },
        f,
        t);
    return new AlertFigures(
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        means[0],
        means[1],
        noisiest[0],
        noisiestCount[0],
        byService);
  }

  /** Where a maintenance window covers a target: one row per window and service, clipped. */
  private static final String WINDOWS =
      "WITH w AS (SELECT m.subject, m.s, m.e FROM (SELECT unnest(service_eq) AS subject,"
          + " starts_at AS s, LEAST(ends_at, COALESCE(ended_at, ends_at)) AS e FROM silences"
          + " WHERE kind = 'maintenance' AND service_eq IS NOT NULL) m WHERE m.s < ? AND m.e > ?)";

  @Override
  public List<MaintenanceWindow> maintenance(Instant from, Instant to) {
    List<MaintenanceWindow> windows = new ArrayList<>();
    query(
        "SELECT id, service_eq, starts_at,"
            + " LEAST(ends_at, COALESCE(ended_at, ends_at)) AS ended, reason FROM silences"
            + " WHERE kind = 'maintenance' AND service_eq IS NOT NULL AND starts_at < ?"
            + " AND LEAST(ends_at, COALESCE(ended_at, ends_at)) > ? ORDER BY starts_at, id",
        result -> {
          windows.add(
              new MaintenanceWindow(
                  result.getLong("id"),
                  List.of((String[]) result.getArray("service_eq").getArray()),
                  result.getTimestamp("starts_at").toInstant(),
                  result.getTimestamp("ended").toInstant(),
                  result.getString("reason")));
        },
        Timestamp.from(to),
        Timestamp.from(from));
    return windows;
  }

  /**
   * Counted from the raw samples, each checked against the target's windows, so an hour that a
   * window covers only in part keeps exactly the samples outside it; hours are cut like the
   * rollups' ({@code date_trunc}).
   */
  @Override
  public List<OutsideCounts> outsideMaintenance(Instant from, Instant to) {
    String sql =
        WINDOWS
            + ", h AS (SELECT DISTINCT w.subject, g.hour FROM w CROSS JOIN LATERAL"
            + " generate_series(date_trunc('hour', w.s), w.e, interval '1 hour') AS g(hour)"
            + " WHERE g.hour < w.e AND g.hour >= date_trunc('hour', ?::timestamptz) AND g.hour < ?)"
            + " SELECT h.subject, h.hour, count(p.at) AS raw,"
            + " count(p.at) FILTER (WHERE NOT p.inside) AS samples,"
            + " count(p.at) FILTER (WHERE NOT p.inside AND p.status = 'U') AS up,"
            + " count(p.at) FILTER (WHERE NOT p.inside AND p.status = 'D') AS degraded,"
            + " count(p.at) FILTER (WHERE NOT p.inside AND p.status = 'X') AS down"
            + " FROM h LEFT JOIN LATERAL (SELECT s.at, s.status, EXISTS (SELECT 1 FROM w"
            + "  WHERE w.subject = h.subject AND s.at >= w.s AND s.at < w.e) AS inside"
            + "  FROM probe_samples s WHERE s.subject = h.subject"
            + "  AND s.check_name IN ('health', 'select-1')"
            + "  AND s.at >= h.hour AND s.at < h.hour + interval '1 hour') p ON true"
            + " GROUP BY h.subject, h.hour";
    List<OutsideCounts> rows = new ArrayList<>();
    query(
        sql,
        result ->
            rows.add(
                new OutsideCounts(
                    result.getString("subject"),
                    result.getTimestamp("hour").toInstant(),
                    result.getLong("raw"),
                    result.getLong("samples"),
                    result.getLong("up"),
                    result.getLong("degraded"),
                    result.getLong("down"))),
        Timestamp.from(to),
        Timestamp.from(from),
        Timestamp.from(from),
        Timestamp.from(to));
    return rows;
  }

  /**
   * Rollbacks performed are the rows of kind {@code rollback_outcome} the rollback service writes
   * once a confirmed rollback ends: succeeded, or failed and unverified; a request or a plan that
   * was cancelled or expired rolled nothing back. They are counted by kind, so rewording the action
   * text cannot change the figure. Commands are what people typed or clicked.
   */
  @Override
  public OperationFigures operations(Instant from, Instant to) {
    long[] counts = new long[5];
    query(
        "SELECT count(*) FILTER (WHERE kind = ?),"
            + " count(*) FILTER (WHERE kind = ? AND outcome <> 'ok'),"
            + " count(*) FILTER (WHERE action LIKE '/sql %'),"
            + " count(*) FILTER (WHERE action LIKE '/sql %' AND outcome = 'refused'),"
            + " count(*) FILTER (WHERE action LIKE '/%' OR action LIKE 'click %')"
            + " FROM audit_log WHERE at >= ? AND at < ?",
        result -> {
          for (int i = 0; i < 5; i++) {
            counts[i] = result.getLong(i + 1);
          }
        },
        AuditKind.ROLLBACK_OUTCOME.id(),
        AuditKind.ROLLBACK_OUTCOME.id(),
        Timestamp.from(from),
        Timestamp.from(to));
    return new OperationFigures(counts[0], counts[1], counts[2], counts[3], counts[4]);
  }

  /** A PostgreSQL integer array as text, such as {@code {3,4,7}}. */
  static long[] integers(String array) {
    String inner = array.substring(1, array.length() - 1);
    if (inner.isEmpty()) {
      return new long[0];
    }
    String[] parts = inner.split(",");
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Long.parseLong(parts[i]);
    }
    return values;
  }

  private static Duration seconds(ResultSet result, int column) throws SQLException {
    double value = result.getDouble(column);
    return result.wasNull() ? null : Duration.ofMillis(Math.round(value * 1000));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.textValue() : node.toString();
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private void query(String sql, RowReader reader, Object... parameters) {
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new StateUnavailableException("state database unavailable: " + notReady.get());
    }
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "the digest could not read the state database: " + ConnectionErrors.describe(e), e);
    }
  }
}
