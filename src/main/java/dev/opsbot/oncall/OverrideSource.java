package dev.opsbot.oncall;

import java.time.Instant;
import java.util.List;

/** Where overrides come from: the state database, or none. */
public interface OverrideSource {
  OverrideSource NONE = (schedule, from, to) -> List.of();

  /** The overrides of {@code schedule} that overlap {@code [from, to)}, oldest request first. */
  List<Override> overlapping(String schedule, Instant from, Instant to);
}
