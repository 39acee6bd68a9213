package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Slowloris against the Slack HTTP endpoint: a few hundred connections trickle their headers or
 * their body a byte at a time. The bot keeps answering a signed /health while they are all still
 * open, and the slow connections are closed once their time to send the request is up.
 */
class SlackSlowConnectionsIT {
  private static final Duration TRICKLE = Duration.ofMillis(250);

  /** One connection that sends a byte every {@link #TRICKLE} until the server closes it. */
  private static final class Trickler implements Runnable {
    private final int port;
    private final byte[] start;
    private final CountDownLatch connected;
    final AtomicLong closedAfterMillis = new AtomicLong(-1);
    private volatile boolean stop;

    Trickler(int port, String start, CountDownLatch connected) {
      this.port = port;
      this.start = start.getBytes(StandardCharsets.US_ASCII);
      this.connected = connected;
    }

    @Override
    public void run() {
      long opened = System.nanoTime();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(start);
        out.flush();
        opened = System.nanoTime();
        connected.countDown();
        while (!stop) {
          Thread.sleep(TRICKLE);
          out.write('a');
          out.flush();
        }
      } catch (IOException e) {
        closedAfterMillis.set(Duration.ofNanos(System.nanoTime() - opened).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        connected.countDown();
      }
    }
  }

  @Test
  void slowConnectionsAreClosedAfterTheirTimeWhileHealthStillAnswers() throws Exception {
    SlackHttpServer.Limits limits = SlackHttpServer.Limits.DEFAULT;
    int slowHeaders = 250;
    int slowBodies = 50;
    try (SlackHttpFixture fixture = new SlackHttpFixture();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      assertThat(fixture.signed(fixture.slashCommand("/health", "")).statusCode()).isEqualTo(200);
      CountDownLatch connected = new CountDownLatch(slowHeaders + slowBodies);
      List<Trickler> tricklers = new ArrayList<>();
      for (int i = 0; i < slowHeaders + slowBodies; i++) {
        String start =
            i < slowHeaders
                ? "POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow: "
                : "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type:"
                    + " application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n";
        Trickler trickler = new Trickler(fixture.port(), start, connected);
        tricklers.add(trickler);
        threads.execute(trickler);
      }
      assertThat(connected.await(10, TimeUnit.SECONDS)).as("all slow clients connected").isTrue();

      List<Long> healthMillis = new ArrayList<>();
      List<Long> slowStillOpen = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        HttpResponse<String> health = fixture.signed(fixture.slashCommand("/health", ""));
        healthMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
        slowStillOpen.add(tricklers.stream().filter(t -> t.closedAfterMillis.get() < 0).count());
        assertThat(health.statusCode()).isEqualTo(200);
        Thread.sleep(200);
      }

      long deadline =
          System.nanoTime()
              + limits.headers().plus(limits.body()).plus(Duration.ofSeconds(5)).toNanos();
      while (System.nanoTime() < deadline
          && tricklers.stream().anyMatch(t -> t.closedAfterMillis.get() < 0)) {
        Thread.sleep(100);
      }
      tricklers.forEach(t -> t.stop = true);

      // Answered while every slow connection was still held open: the server was not starved
      // until the slow ones timed out. (A wall-clock bound would only measure the CI machine.)
      assertThat(slowStillOpen)
          .as("slow connections still open when each /health was answered (%s ms)", healthMillis)
          .allMatch(open -> open == slowHeaders + slowBodies);
      List<Long> closedAfter = tricklers.stream().map(t -> t.closedAfterMillis.get()).toList();
      System.out.printf(
          "slow connections: /health answered in %s ms; closed after %s..%s ms%n",
          healthMillis,
          closedAfter.stream().mapToLong(Long::longValue).min().orElse(-1),
          closedAfter.stream().mapToLong(Long::longValue).max().orElse(-1));
      assertThat(closedAfter)
          .as("slow connections closed (ms after opening)")
          .allMatch(ms -> ms >= 0);
      long earliest = limits.headers().minusSeconds(1).toMillis();
      long latest = limits.headers().plus(limits.body()).plusSeconds(3).toMillis();
      assertThat(closedAfter).allMatch(ms -> ms >= earliest && ms <= latest);
    }
  }

  @Test
  void moreSlowClientsThanTheCapWaitOutsideAndAreClosedInTurn() throws Exception {
    SlackHttpServer.Limits limits =
        new SlackHttpServer.Limits(
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), 20);
    int clients = 60;
    try (SlackHttpFixture fixture = new SlackHttpFixture(limits);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch connected = new CountDownLatch(clients);
      List<Trickler> tricklers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Trickler trickler =
            new Trickler(fixture.port(), "POST /slack/events HTTP/1.1\r\nX-Slow: ", connected);
        tricklers.add(trickler);
        threads.execute(trickler);
      }
      assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();

      int mostOpen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline
          && tricklers.stream().anyMatch(t -> t.closedAfterMillis.get() < 0)) {
        mostOpen = Math.max(mostOpen, fixture.openConnections());
        Thread.sleep(20);
      }
      tricklers.forEach(t -> t.stop = true);

      assertThat(mostOpen).as("connections open at once").isBetween(1, 20);
      assertThat(tricklers).allMatch(t -> t.closedAfterMillis.get() >= 0);
      // Those beyond the cap waited for a free place, then had their own 2 s.
      assertThat(tricklers.stream().mapToLong(t -> t.closedAfterMillis.get()).max().orElseThrow())
          .isGreaterThan(3_500);
      assertThat(fixture.signed(fixture.slashCommand("/health", "")).statusCode()).isEqualTo(200);
    }
  }
}
