package dev.opsbot.probe;

/** What one probe concluded about its target. */
public enum ProbeStatus {
  /** Answered in time, healthy. */
  UP,
  /** Answered, but slowly or with a status field that is not healthy. */
  DEGRADED,
  /** Refused, timed out, failed, or answered with something unusable. */
  DOWN
}
