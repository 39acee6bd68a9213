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
}
