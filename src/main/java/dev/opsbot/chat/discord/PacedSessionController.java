package dev.opsbot.chat.discord;

import java.time.Duration;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDA's session controller with a pause after each failed gateway connection (5 s, doubling to 1
 * min), and optionally another gateway URL. JDA's own puts a node that failed to connect straight
 * back in its queue: with the gateway refusing connections it retried about 500 times a second
 * here, each with a stack trace in the log.
 */
final class PacedSessionController extends SessionControllerAdapter {
  private static final Logger log = LoggerFactory.getLogger(PacedSessionController.class);
  static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
  static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);
  // A failure this long after the previous one starts the pauses over.
  private static final Duration CALM = Duration.ofMinutes(5);

  private final String gateway;
  private Duration pause = FIRST_PAUSE;
  private long lastFailure;

  /** {@code gateway} null keeps Discord's own. */
  PacedSessionController(String gateway) {
    this.gateway = gateway;
  }

  @Override
  public String getGateway() {
    return gateway == null ? super.getGateway() : gateway;
  }

  /**
   * JDA's queue worker appends a node again at once after it failed to connect: that re-append, on
   * the worker's own thread, waits first. Other appends (the first connect, JDA's reconnects with
   * their own backoff) do not.
   */
  @Override
  public void appendSession(SessionConnectNode node) {
    if (workerHandle != null && Thread.currentThread() == workerHandle) {
      Duration wait = pauseAfterFailure(System.nanoTime());
      log.warn(
          "event=discord_gateway_unreachable retry_in_s={} note=\"slash commands wait; alerts"
              + " still go out over REST\"",
          wait.toSeconds());
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    super.appendSession(node);
  }

  /** The pause before the next attempt after a failure at {@code nanoTime}. */
  synchronized Duration pauseAfterFailure(long nanoTime) {
    if (lastFailure != 0 && nanoTime - lastFailure > CALM.toNanos()) {
      pause = FIRST_PAUSE;
    }
    lastFailure = nanoTime;
    Duration now = pause;
    pause =
        pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
    return now;
  }
}
