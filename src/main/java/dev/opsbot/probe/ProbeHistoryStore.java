package dev.opsbot.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probe history in the state database: raw samples for {@code rawRetention}, hourly rollups (counts
 * by status, latency histogram) for {@code hourlyRetention}.
 */
public final class ProbeHistoryStore implements ProbeHistorySink {
  private static final Logger log = LoggerFactory.getLogger(ProbeHistoryStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String ROLL_UP =
      "INSERT INTO probe_hourly (hour, subject, check_name, samples, up, degraded, down,"
          + " latency_sum_ms, latency_max_ms, p50_ms, p99_ms, bucket_ids, bucket_counts)"
          + " WITH raw AS (SELECT date_trunc('hour', at) AS hour, subject, check_name, status,"
          + "  latency_ms, LEAST("
          + (LatencyHistogram.BUCKETS - 1)
          + ", GREATEST(0, floor(ln(GREATEST(latency_ms, 1)) / ln("
          + LatencyHistogram.BASE
          + "))::int)) AS bucket FROM probe_samples WHERE at >= ? AND at < ?),"
          + " exact AS (SELECT hour, subject, check_name,"
          + "  percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,"
          + "  percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99"
          + "  FROM raw GROUP BY 1, 2, 3),"
          + " buckets AS (SELECT hour, subject, check_name, bucket, count(*) AS n,"
          + "  count(*) FILTER (WHERE status = 'U') AS up,"
          + "  count(*) FILTER (WHERE status = 'D') AS degraded,"
          + "  count(*) FILTER (WHERE status = 'X') AS down,"
          + "  sum(latency_ms) AS lsum, max(latency_ms) AS lmax FROM raw GROUP BY 1, 2, 3, 4)"
          + " SELECT b.hour, b.subject, b.check_name, sum(n), sum(up), sum(degraded), sum(down),"
          + " sum(lsum), max(lmax), max(e.p50), max(e.p99),"
          + " array_agg(bucket::smallint ORDER BY bucket), array_agg(n::int ORDER BY bucket)"
          + " FROM buckets b JOIN exact e USING (hour, subject, check_name)"
          + " GROUP BY b.hour, b.subject, b.check_name"
          + " ON CONFLICT (hour, subject, check_name) DO UPDATE SET samples = excluded.samples,"
          + " up = excluded.up, degraded = excluded.degraded, down = excluded.down,"
          + " latency_sum_ms = excluded.latency_sum_ms, latency_max_ms = excluded.latency_max_ms,"
          + " p50_ms = excluded.p50_ms, p99_ms = excluded.p99_ms,"
          + " bucket_ids = excluded.bucket_ids, bucket_counts = excluded.bucket_counts";

  private final StateDatabase database;
  private final Duration rawRetention;
  private final Duration hourlyRetention;

  public ProbeHistoryStore(
      StateDatabase database, Duration rawRetention, Duration hourlyRetention) {
    this.database = database;
    this.rawRetention = rawRetention;
    this.hourlyRetention = hourlyRetention;
  }

  @Override
  public void write(List<ProbeResult> batch) {
    String sql =
        "INSERT INTO probe_samples (at, subject, check_name, status, latency_ms, fields)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb)";
    try (Connection connection = connection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      for (ProbeResult result : batch) {
        insert.setTimestamp(1, Timestamp.from(result.at()));
        insert.setString(2, result.key().subject());
        insert.setString(3, result.key().check());
        insert.setString(4, statusCode(result));
        insert.setInt(5, (int) Math.min(Integer.MAX_VALUE, result.latency().toMillis()));
        insert.setString(6, fieldsJson(result.fields()));
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "probe history not written: " + ConnectionErrors.describe(e), e);
    }
  }

  /** Rolls up the hours touching {@code [from, to)}; rolling an hour again replaces its row. */
  @Override
  public int rollUp(Instant from, Instant to) {
    Instant start = from.truncatedTo(ChronoUnit.HOURS);
    try (Connection connection = connection();
        PreparedStatement statement = connection.prepareStatement(ROLL_UP)) {
      statement.setTimestamp(1, Timestamp.from(start));
      statement.setTimestamp(2, Timestamp.from(to));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "probe rollup failed: " + ConnectionErrors.describe(e), e);
    }
  }

  /** Removes raw samples and rollups older than their retention; returns the rows removed. */
  public long prune(Instant now) {
    try (Connection connection = connection();
        PreparedStatement raw =
            connection.prepareStatement("DELETE FROM probe_samples WHERE at < ?");
        PreparedStatement hourly =
            connection.prepareStatement("DELETE FROM probe_hourly WHERE hour < ?")) {
      raw.setTimestamp(1, Timestamp.from(now.minus(rawRetention)));
      hourly.setTimestamp(1, Timestamp.from(now.minus(hourlyRetention)));
      return raw.executeUpdate() + (long) hourly.executeUpdate();
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "probe history prune failed: " + ConnectionErrors.describe(e), e);
    }
  }

  /** The current and the previous hour are rolled up again (late rows), then old rows pruned. */
  @Override
  public void maintain(Instant now) {
    int rolled = rollUp(now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)), now);
    long pruned = prune(now);
    log.debug("event=history_maintained hours_rolled={} rows_pruned={}", rolled, pruned);
  }

  private Connection connection() throws SQLException {
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new SQLException("state database unavailable: " + notReady.get());
    }
    return database.dataSource().getConnection();
  }

  private static String statusCode(ProbeResult result) {
    return switch (result.status()) {
      case UP -> "U";
      case DEGRADED -> "D";
      case DOWN -> "X";
    };
  }

  /** Scalar fields only (counts, flags, levels): lists such as the next jobs are not history. */
  private static String fieldsJson(Map<String, JsonNode> fields) {
    ObjectNode scalars = JSON.createObjectNode();
    fields.forEach((name, value) -> {
      if (value != null && value.isValueNode() && !value.isNull()) {
        scalars.set(name, value);
      }
    });
    return scalars.isEmpty() ? null : scalars.toString();
  }
}
