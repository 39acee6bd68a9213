package dev.opsbot.probe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opsbot.access.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * How many fresh probe rounds one person may ask for: {@link #PER_WINDOW} in each {@link #WINDOW},
 * enough for a fault and a few checks of /health and /aurea in a row; beyond that the answer is the
 * latest results. Concurrent fresh requests already share one round in the engine: this bounds one
 * person asking again and again. One allowance serves every command that probes on request, so
 * /health and /aurea share it.
 */
public final class FreshAllowance {
  static final int PER_WINDOW = 10;
  static final Duration WINDOW = Duration.ofSeconds(30);

  private record Window(Instant start, int used) {}

  private final Clock clock;
  // Bounded: past the bound, a forgotten person starts a new window early.
  private final Cache<String, Window> windows;

  public FreshAllowance(Clock clock) {
    this.clock = clock;
    this.windows =
        Caffeine.newBuilder()
            .expireAfterWrite(WINDOW)
            .maximumSize(10_000)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  /** True when this person may have a fresh round now; counts it. */
  boolean take(Caller caller) {
    Instant now = clock.instant();
    Window window =
        windows
            .asMap()
            .compute(
                caller.platform() + ":" + caller.userId(),
                (who, current) ->
                    current == null || !now.isBefore(current.start().plus(WINDOW))
                        ? new Window(now, 1)
                        : new Window(current.start(), current.used() + 1));
    return window.used() <= PER_WINDOW;
  }
}
