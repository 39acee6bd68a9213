package dev.opsbot.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Components started one after another and stopped in the reverse order: each start is recorded as
 * it happens, so what started last stops first without anyone placing it in a list. A start that
 * fails stops what had started, last first, and rethrows; a stop that fails is logged and the
 * others still stop.
 */
public final class Lifecycle implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  /** What stopping a component does. */
  @FunctionalInterface
  public interface Stop {
    void run() throws Exception;
  }

  private record Started(String name, Stop stop) {}

  private final Deque<Started> started = new ArrayDeque<>();

  /**
   * Runs {@code startUp} against a new lifecycle and returns what it built; if it throws, whatever
   * it had started is stopped, last first, and the failure rethrown.
   */
  public static <T> T startUp(Function<Lifecycle, T> startUp) {
    Lifecycle lifecycle = new Lifecycle();
    try {
      return startUp.apply(lifecycle);
    } catch (RuntimeException | Error e) {
      lifecycle.close();
      throw e;
    }
  }

  /**
   * Starts a component that already exists, such as {@code desk::start}, to be stopped by {@code
   * stop}. A start that fails half way is stopped too, before the components started earlier.
   */
  public synchronized void start(String name, Runnable start, Stop stop) {
    started.push(new Started(name, stop));
    try {
      start.run();
    } catch (RuntimeException | Error e) {
      stopAfterFailure(name);
      throw e;
    }
  }

  /**
   * Starts a component by opening it, such as {@code () -> AdminServer.start(...)} or {@code () ->
   * new StateDatabase(...)}; closing it stops it. An open that throws left nothing to stop.
   */
  public synchronized <T extends AutoCloseable> T start(String name, Supplier<T> open) {
    T component;
    try {
      component = open.get();
    } catch (RuntimeException | Error e) {
      stopAfterFailure(name);
      throw e;
    }
    started.push(new Started(name, component::close));
    return component;
  }

  // The failure itself is the caller's to report: its message may need redacting.
  private void stopAfterFailure(String name) {
    log.warn("event=start_failed component=\"{}\" note=\"stopping what had started\"", name);
    close();
  }

  /** Stops every started component, the last started first; stopping twice does nothing. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      Started component = started.pop();
      try {
        component.stop().run();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.warn("event=stop_failed component=\"{}\" error=\"{}\"", component.name(), e.toString());
      }
    }
  }
}
