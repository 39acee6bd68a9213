package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Message;
import dev.opsbot.config.Secret;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of alerts against a Discord stand-in that enforces a bucket of 5 messages per window per
 * channel, and says so on every answer as Discord does ({@code X-RateLimit-Bucket}, {@code
 * X-RateLimit-Remaining}, {@code X-RateLimit-Reset-After}): opsbot paces itself by those headers
 * and meets no 429.
 */
class DiscordRateLimitTest {
  private static final String CHANNEL = "1100000000000000001";
  private static final int BUCKET = 5;
  private static final long WINDOW_NANOS = Duration.ofMillis(250).toNanos();

  private final MockWebServer discord = new MockWebServer();
  private final EnforcedBucket bucket = new EnforcedBucket();
  private DiscordOutboxSender sender;

  @BeforeEach
  void start() throws Exception {
    discord.setDispatcher(bucket);
    discord.start();
    sender =
        new DiscordOutboxSender(
            new DiscordRest(
                DiscordRest.client(),
                discord.url("/api/v10/").toString(),
                Secret.of("MTA5.test-bot-token.sig")));
  }

  @AfterEach
  void stop() {
    discord.close();
  }

  @Test
  void aBurstOfSixtyAlertsIsPacedByTheHeadersAndMeetsNoRateLimit() {
    List<SendResult> results = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      results.add(sender.send(alert(i)));
    }

    assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(SendResult.Sent.class));
    assertThat(bucket.limited.get()).isZero();
    assertThat(bucket.taken.get()).isEqualTo(60);
  }

  @Test
  void fourSendersAtOnceShareTheBucketAndMeetNoRateLimit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SendResult>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        OutboxItem item = alert(i);
        results.add(pool.submit(() -> sender.send(item)));
      }
      for (Future<SendResult> result : results) {
        assertThat(result.get()).isInstanceOf(SendResult.Sent.class);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(bucket.limited.get()).isZero();
    assertThat(bucket.taken.get()).isEqualTo(60);
  }

  @Test
  void aBucketEmptyForLongerThanTheSenderWaitsGoesBackToTheOutboxWithoutACall() {
    MockWebServer slow = new MockWebServer();
    try {
      slow.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "application/json")
              .setHeader("X-RateLimit-Remaining", 0)
              .setHeader("X-RateLimit-Reset-After", "30.000")
              .setHeader("X-RateLimit-Bucket", "b7a1c3d4e5f6")
              .body(DiscordAnswers.message("1200000000000000001", CHANNEL))
              .build());
      slow.start();
      DiscordOutboxSender paced =
          new DiscordOutboxSender(
              new DiscordRest(
                  DiscordRest.client(),
                  slow.url("/api/v10/").toString(),
                  Secret.of("MTA5.test-bot-token.sig")));

      assertThat(paced.send(alert(1))).isInstanceOf(SendResult.Sent.class);
      SendResult second = paced.send(alert(2));

      assertThat(second).isInstanceOf(SendResult.RetryLater.class);
      SendResult.RetryLater later = (SendResult.RetryLater) second;
      assertThat(later.mayHaveArrived()).isFalse();
      assertThat(later.after()).isGreaterThan(Duration.ofSeconds(25));
      assertThat(slow.getRequestCount()).isEqualTo(1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      slow.close();
    }
  }

  private static OutboxItem alert(int i) {
    return OutboxItem.post(
        "alert-" + i + "/parent", "discord:" + CHANNEL, Message.builder("alert " + i).build());
  }

  /** Discord's per-route bucket: BUCKET calls per window; a 429 with Retry-After beyond it. */
  private static final class EnforcedBucket extends Dispatcher {
    final AtomicInteger taken = new AtomicInteger();
    final AtomicInteger limited = new AtomicInteger();
    private long windowStart = Long.MIN_VALUE;
    private int used;

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
      long now = System.nanoTime();
      if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW_NANOS) {
        windowStart = now;
        used = 0;
      }
      String resetAfter = seconds(windowStart + WINDOW_NANOS - now);
      if (used >= BUCKET) {
        limited.incrementAndGet();
        return new MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "application/json")
            .setHeader("Retry-After", resetAfter)
            .setHeader("X-RateLimit-Limit", BUCKET)
            .setHeader("X-RateLimit-Remaining", 0)
            .setHeader("X-RateLimit-Reset-After", resetAfter)
            .setHeader("X-RateLimit-Bucket", "b7a1c3d4e5f6")
            .setHeader("X-RateLimit-Scope", "user")
            .body(DiscordAnswers.rateLimited(Double.parseDouble(resetAfter)))
            .build();
      }
      used++;
      int id = taken.incrementAndGet();
      return new MockResponse.Builder()
          .code(200)
          .setHeader("Content-Type", "application/json")
          .setHeader("X-RateLimit-Limit", BUCKET)
          .setHeader("X-RateLimit-Remaining", BUCKET - used)
          .setHeader("X-RateLimit-Reset-After", resetAfter)
          .setHeader("X-RateLimit-Bucket", "b7a1c3d4e5f6")
          .body(DiscordAnswers.message("12000000000000%05d".formatted(id), CHANNEL))
          .build();
    }

    /** Seconds with three decimals, rounded up, as Discord writes them. */
    private static String seconds(long nanos) {
      return String.format(Locale.ROOT, "%.3f", Math.ceil(nanos / 1_000_000.0) / 1000.0);
    }
  }
}
