package dev.opsbot.probe;

import java.time.Instant;
import java.util.List;

/** Where probe results are kept for the digest: the state database implements it. */
public interface ProbeHistorySink {
  /** Stores a batch; throws when the storage cannot be reached, and the caller keeps it. */
  void write(List<ProbeResult> batch);

  /** Rolls up the hours touching {@code [from, to)} again; returns the rows written. */
  int rollUp(Instant from, Instant to);

  /** Rolls up the recent hours and removes what is older than the retention. */
  void maintain(Instant now);
}
