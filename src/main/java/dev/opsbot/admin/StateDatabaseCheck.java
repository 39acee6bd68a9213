package dev.opsbot.admin;

import dev.opsbot.state.ConnectionErrors;
import dev.opsbot.state.StateDatabase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the state database answers now: a connection from the pool and a round trip. One check
 * runs at a time and its answer serves every caller for {@link #REUSE}, so a burst of probes of
 * {@code /healthz} costs one connection; a check takes at most the pool's 3 s wait for a
 * connection, and a caller waits at most {@link #WAIT}.
 */
public final class StateDatabaseCheck implements HealthCheck {
  static final Duration REUSE = Duration.ofSeconds(2);
  static final Duration WAIT = Duration.ofSeconds(5);
  private static final int ROUND_TRIP_SECONDS = 2;

  private final StateDatabase state;
  private CompletableFuture<Optional<String>> last; // guarded by this
  private long lastStartedNanos; // guarded by this

  public StateDatabaseCheck(StateDatabase state) {
    this.state = state;
  }

  @Override
  public Optional<String> problem() {
    CompletableFuture<Optional<String>> check = current();
    try {
      return check.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.of("state database: no answer within " + WAIT.toSeconds() + " s");
    } catch (ExecutionException e) {
      return Optional.of("state database: " + ConnectionErrors.describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("state database: not checked (interrupted)");
    }
  }

  private synchronized CompletableFuture<Optional<String>> current() {
    long now = System.nanoTime();
    if (last == null || (last.isDone() && now - lastStartedNanos > REUSE.toNanos())) {
      lastStartedNanos = now;
      last = CompletableFuture.supplyAsync(this::checkNow, task -> Thread.ofVirtual().start(task));
    }
    return last;
  }

  private Optional<String> checkNow() {
    return state.roundTrip(ROUND_TRIP_SECONDS).map(reason -> "state database: " + reason);
  }
}
