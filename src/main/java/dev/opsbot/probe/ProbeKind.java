package dev.opsbot.probe;

/** What a probe looks at; {@code /health} lists services and databases, and heartbeats apart. */
public enum ProbeKind {
  SERVICE_HEALTH,
  SERVICE_ENDPOINT,
  DATABASE,
  /** A heartbeat monitor: DOWN when its job has not pinged in time ({@code heartbeat}). */
  HEARTBEAT
}
