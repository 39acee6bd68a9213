package dev.opsbot.probe;

import java.util.Collection;
import java.util.Map;

/** What every location probing the fleet saw lately, for {@code /health}. */
@FunctionalInterface
public interface LocationView {
  /** A replica probing alone: there is nothing to show beyond its own results. */
  LocationView NONE = local -> Map.of();

  /**
   * The quorum's verdict on each of these local results, by key; empty when no other location saw
   * any of them lately (or they cannot be read now), so {@code /health} shows what it always did.
   */
  Map<ProbeKey, QuorumVerdict> verdicts(Collection<ProbeResult> local);
}
