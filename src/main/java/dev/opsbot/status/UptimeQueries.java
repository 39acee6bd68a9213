package dev.opsbot.status;

import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Daily uptime from the probe history's hourly rollups ({@code probe_hourly}, written by {@code
 * probe.ProbeHistoryStore}), read only. A target counts as up when it answered (up or degraded), as
 * the digest counts availability; services by their health check, databases by {@code select-1}.
 */
public final class UptimeQueries implements StatusSources.Uptime {
  private static final String DAILY =
      "SELECT subject, (hour AT TIME ZONE 'UTC')::date AS day, sum(samples) AS samples,"
          + " sum(up) + sum(degraded) AS answered FROM probe_hourly"
          + " WHERE hour >= ? AND hour < ? AND check_name IN ('health', 'select-1')"
          + " GROUP BY 1, 2 ORDER BY 1, 2";

  private final StateDatabase database;

  public UptimeQueries(StateDatabase database) {
    this.database = database;
  }

  @Override
  public Map<String, List<DayUptime>> daily(LocalDate from, LocalDate to) {
    Optional<String> notReady = database.ready();
    if (notReady.isPresent()) {
      throw new StateUnavailableException("state database unavailable: " + notReady.get());
    }
    Map<String, List<DayUptime>> days = new LinkedHashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(DAILY)) {
      statement.setTimestamp(1, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
      statement.setTimestamp(
          2, Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          days.computeIfAbsent(rows.getString("subject"), s -> new ArrayList<>())
              .add(
                  new DayUptime(
                      rows.getObject("day", LocalDate.class),
                      rows.getLong("samples"),
                      rows.getLong("answered")));
        }
      }
    } catch (SQLException e) {
      throw new StateUnavailableException(
          "the status page could not read the probe history: " + ConnectionErrors.describe(e), e);
    }
    return days;
  }
}
