package dev.opsbot.testing;

import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A probe that answers with prepared results in order, repeating the last one. */
public final class FixedProbe implements Probe {
  private final ProbeKey key;
  private final Deque<ProbeResult> results;
  private ProbeResult last;

  public FixedProbe(ProbeKey key, List<ProbeResult> results) {
    this.key = key;
    this.results = new ArrayDeque<>(results);
  }

  @Override
  public ProbeKey key() {
    return key;
  }

  @Override
  public synchronized ProbeResult run() {
    if (!results.isEmpty()) {
      last = results.removeFirst();
    }
    return last;
  }
}
