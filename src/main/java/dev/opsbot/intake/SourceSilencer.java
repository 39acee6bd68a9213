package dev.opsbot.intake;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/** Tells the source of an external alert that a person responded, so it stops re-sending it. */
public interface SourceSilencer {
  /** Silences alerts with exactly these labels until {@code until}; returns the source's id. */
  String silence(Map<String, String> labels, Instant until, String createdBy, String comment)
      throws IOException;

  /** Ends a silence made by {@link #silence} (resolved by hand). */
  void expire(String silenceId) throws IOException;

  /**
   * Whether the source still has an alert with these labels firing. A source that silences does not
   * tell when a silenced alert ends (Alertmanager sends no resolved notification for it), so the
   * intake asks. A source that cannot tell answers true.
   */
  default boolean stillFiring(Map<String, String> labels) throws IOException {
    return true;
  }
}
