package dev.opsbot.chat.discord;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Discord's rate limits as its answers describe them, so that a burst is paced instead of running
 * into 429s. Every answer names its bucket ({@code X-RateLimit-Bucket}), how many calls are left in
 * it ({@code X-RateLimit-Remaining}) and when it fills again ({@code X-RateLimit-Reset-After}); a
 * bucket is shared per route and per channel (the route's major parameter). A call takes one of the
 * calls left before it is made, so concurrent senders do not overdraw a bucket; once none is left,
 * callers wait for its reset. A global 429 holds every route.
 */
final class DiscordBuckets {
  /** The route of a call and its major parameter: {@code POST channels/:id/messages}, channel. */
  record Route(String template, String major) {
    /** {@code channels/123/messages/456} becomes template {@code channels/:id/messages/:id}. */
    static Route of(String method, String path) {
      String[] segments = path.split("/");
      String major = segments.length > 1 && segments[0].equals("channels") ? segments[1] : "";
      StringBuilder template = new StringBuilder(method).append(' ');
      for (int i = 0; i < segments.length; i++) {
        template.append(i == 0 ? "" : "/");
        template.append(DiscordSettings.isSnowflake(segments[i]) ? ":id" : segments[i]);
      }
      return new Route(template.toString(), major);
    }
  }

  private record Window(int remaining, long resetAtNanos) {}

  /** How often a call waiting for another's answer looks again. */
  static final Duration PROBE_WAIT = Duration.ofMillis(20);

  private final LongSupplier nanoTime;
  private final Map<String, String> bucketOfRoute = new HashMap<>();
  private final Map<String, Window> windows = new HashMap<>();
  // Routes (with their major parameter) whose bucket is unknown and one call is out asking.
  private final Set<String> probing = new HashSet<>();
  private boolean globalHold;
  private long globalUntilNanos;

  DiscordBuckets(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Takes a call from the route's bucket: zero when it may go now, else how long until the bucket
   * fills again (nothing is taken then; ask again after the wait).
   */
  synchronized Duration take(Route route) {
    long now = nanoTime.getAsLong();
    if (globalHold && now - globalUntilNanos < 0) {
      return Duration.ofNanos(globalUntilNanos - now);
    }
    String key = key(route);
    Window window = windows.get(key);
    if (window == null || now - window.resetAtNanos() >= 0) {
      return probing.add(route.toString()) ? Duration.ZERO : PROBE_WAIT;
    }
    if (window.remaining() <= 0) {
      return Duration.ofNanos(window.resetAtNanos() - now);
    }
    windows.put(key, new Window(window.remaining() - 1, window.resetAtNanos()));
    return Duration.ZERO;
  }

  /** The call taken for {@code route} is over, answered or not. */
  synchronized void done(Route route) {
    probing.remove(route.toString());
  }

  /**
   * Notes what an answer said of the route's bucket. {@code remaining} and {@code resetAfter} are
   * the header values (null when absent); {@code global} is a 429 that holds every route.
   */
  synchronized void answered(
      Route route,
      String bucket,
      String remaining,
      String resetAfter,
      boolean global,
      Duration retryAfter) {
    long now = nanoTime.getAsLong();
    if (global && retryAfter != null) {
      globalHold = true;
      globalUntilNanos = now + retryAfter.toNanos();
      return;
    }
    if (bucket != null && !bucket.isBlank()) {
      bucketOfRoute.put(route.template(), bucket.strip());
    }
    Duration reset = DiscordRest.retryAfter(resetAfter);
    Integer left = count(remaining);
    if (retryAfter != null && (reset == null || retryAfter.compareTo(reset) > 0)) {
      reset = retryAfter;
      left = 0;
    }
    if (reset == null || left == null) {
      return;
    }
    String key = key(route);
    Window known = windows.get(key);
    long resetAt = now + reset.toNanos();
    // Calls still in flight were taken here but are not counted in this answer yet, and answers
    // can arrive out of order: while the window known here lasts, keep the lower count and the
    // later reset.
    if (known != null && now - known.resetAtNanos() < 0) {
      left = Math.min(left, known.remaining());
      resetAt = resetAt - known.resetAtNanos() < 0 ? known.resetAtNanos() : resetAt;
    }
    windows.put(key, new Window(left, resetAt));
  }

  private String key(Route route) {
    return bucketOfRoute.getOrDefault(route.template(), route.template()) + "|" + route.major();
  }

  private static Integer count(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Math.max(0, Integer.parseInt(header.strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
