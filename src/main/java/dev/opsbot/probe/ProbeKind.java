package dev.opsbot.probe;

/** What a probe looks at; {@code /health} lists services and databases. */
public enum ProbeKind {
  SERVICE_HEALTH,
  SERVICE_ENDPOINT,
  DATABASE
}
