package dev.opsbot.intake;

import java.time.Instant;
import java.util.Map;

/** No silences at the source: what opsbot uses when no Alertmanager URL is configured. */
public final class NoSourceSilencer implements SourceSilencer {
  @Override
  public String silence(
      Map<String, String> labels, Instant until, String createdBy, String comment) {
    throw new UnsupportedOperationException("no Alertmanager URL is configured");
  }

  @Override
  public void expire(String silenceId) {
    throw new UnsupportedOperationException("no Alertmanager URL is configured");
  }
}
