package dev.opsbot.digest;

import dev.opsbot.digest.DigestFacts.AlertFigures;
import dev.opsbot.digest.DigestFacts.FieldSample;
import dev.opsbot.digest.DigestFacts.HourlyRollup;
import dev.opsbot.digest.DigestFacts.MaintenanceWindow;
import dev.opsbot.digest.DigestFacts.OperationFigures;
import dev.opsbot.digest.DigestFacts.OutsideCounts;
import java.time.Instant;
import java.util.List;

/** opsbot's own records the digest reads; the state database implements it. */
public interface DigestSource {
  /** Brings the hourly rollups up to date for a digest ending at {@code end}. */
  void refresh(Instant end);

  /** Rollups of service health checks and database pings for the hours in {@code [from, to)}. */
  List<HourlyRollup> hourly(Instant from, Instant to);

  /** Field samples of one service's endpoints, oldest first. */
  List<FieldSample> fieldSamples(String subject, Instant from, Instant to);

  AlertFigures alerts(Instant from, Instant to);

  /** The maintenance windows that overlap {@code [from, to)}, oldest first. */
  default List<MaintenanceWindow> maintenance(Instant from, Instant to) {
    return List.of();
  }

  /**
   * For each target and hour in {@code [from, to)} that a maintenance window of the target
   * overlaps, its health-check or ping samples outside the target's windows.
   */
  default List<OutsideCounts> outsideMaintenance(Instant from, Instant to) {
    return List.of();
  }

  OperationFigures operations(Instant from, Instant to);
}
