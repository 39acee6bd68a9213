package dev.opsbot.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's scheduled job: pings opsbot's {@code /heartbeat/scheduler} every few seconds over real
 * HTTP, as a cron job's curl would, until {@code /demo heartbeat stop}.
 */
public final class DemoHeartbeat implements AutoCloseable {
  public static final String ID = "scheduler";
  static final Duration EVERY = Duration.ofSeconds(3);
  private static final Logger log = LoggerFactory.getLogger(DemoHeartbeat.class);

  private final DemoToken token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("demo-heartbeat").daemon().factory());
  private volatile URI url;
  private volatile boolean pinging = true;

  private DemoHeartbeat(DemoToken token) {
    this.token = token;
  }

  static DemoHeartbeat create() {
    return new DemoHeartbeat(DemoToken.generate("heartbeat"));
  }

  /** What config/demo.yaml reads: the token as {@code OPSBOT_DEMO_HEARTBEAT_TOKEN}. */
  Map<String, String> environment() {
    return Map.of("OPSBOT_DEMO_HEARTBEAT_TOKEN", token.value());
  }

  /** Starts pinging opsbot's admin port, at once and then every few seconds. */
  public void pingTo(int adminPort) {
    url = URI.create("http://127.0.0.1:" + adminPort + "/heartbeat/" + ID);
    ticker.scheduleWithFixedDelay(this::tick, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The line to ping it by hand. The token (generated at each start) is read from a file only its
   * owner may read, so it is not printed: the demo's transcript shows no secret, like any other.
   */
  public String curl(int adminPort) {
    return "curl -fsS -X POST -H \"Authorization: Bearer "
        + token.shellReference()
        + "\" http://127.0.0.1:"
        + adminPort
        + "/heartbeat/"
        + ID;
  }

  /** Stops or resumes the pings; resuming pings at once. */
  public void pinging(boolean on) {
    pinging = on;
    if (on && url != null) {
      ticker.execute(this::tick);
    }
  }

  public boolean pinging() {
    return pinging;
  }

  private void tick() {
    if (!pinging || url == null) {
      return;
    }
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(5))
                  .header("Authorization", "Bearer " + token.value())
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        log.warn("event=demo_heartbeat_refused status={}", response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("event=demo_heartbeat_failed error=\"{}\"", e.toString());
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    http.close();
    token.delete();
  }
}
