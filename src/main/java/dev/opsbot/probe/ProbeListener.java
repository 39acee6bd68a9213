package dev.opsbot.probe;

/** Told of every probe result, on the probing thread: keep it quick (metrics, hand-off). */
@FunctionalInterface
public interface ProbeListener {
  ProbeListener NONE = result -> {};

  void onResult(ProbeResult result);
}
