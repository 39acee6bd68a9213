package dev.opsbot.probe;

/** One check of one target; implementations must not throw and must respect their timeouts. */
public interface Probe {
  ProbeKey key();

  ProbeResult run();
}
