package dev.opsbot.status;

import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One service or database as the probe engine sees it now.
 *
 * @param since when the current status began; null when every recent result has it, so the change
 *     happened before the engine's memory (such as before opsbot started)
 * @param reason the probe's reason (internal: may name hosts), null when there is no result
 * @param checkedAt the newest result, null before the first
 */
public record ServiceNow(
    String id, String name, Health health, Instant since, String reason, Instant checkedAt) {

  /**
   * From the target's confirmed status (or, before it is confirmed, its latest result) and its
   * recent results, newest first: a run of failures that has not yet reached the threshold does not
   * cut the confirmed status short.
   */
  public static ServiceNow of(
      String id, String name, Optional<ProbeStatus> confirmed, List<ProbeResult> newestFirst) {
    if (newestFirst.isEmpty()) {
      return new ServiceNow(id, name, Health.UNKNOWN, null, null, null);
    }
    ProbeStatus status = confirmed.orElse(newestFirst.get(0).status());
    ProbeResult newest = null;
    ProbeResult oldest = null;
    boolean changeSeen = false;
    for (ProbeResult result : newestFirst) {
      if (result.status() == status) {
        newest = newest == null ? result : newest;
        oldest = result;
      } else if (newest != null) {
        changeSeen = true;
        break;
      }
    }
    return new ServiceNow(
        id,
        name,
        health(status),
        changeSeen ? oldest.at() : null,
        newest == null ? null : newest.reason(),
        newestFirst.get(0).at());
  }

  private static Health health(ProbeStatus status) {
    return switch (status) {
      case UP -> Health.UP;
      case DEGRADED -> Health.DEGRADED;
      case DOWN -> Health.DOWN;
    };
  }
}
