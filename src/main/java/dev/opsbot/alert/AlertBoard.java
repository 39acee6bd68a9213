package dev.opsbot.alert;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The state of every open alert. Changes come from several threads (probe results, the timer,
 * buttons in alert threads) and are applied one at a time; readers get an immutable snapshot.
 */
public final class AlertBoard {
  // A lock, not synchronized: changes may be made on virtual threads.
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<AlertKey, AlertState> states = new HashMap<>();
  private volatile Map<AlertKey, AlertState> snapshot = Map.of();

  /** Every pending and firing alert as of the last change. */
  public Map<AlertKey, AlertState> snapshot() {
    return snapshot;
  }

  public Optional<AlertState> state(AlertKey key) {
    return Optional.ofNullable(snapshot.get(key));
  }

  <T> T change(Function<Map<AlertKey, AlertState>, T> change) {
    lock.lock();
    try {
      T result = change.apply(states);
      snapshot = Map.copyOf(states);
      return result;
    } finally {
      lock.unlock();
    }
  }
}
