package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.ServiceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeConnectionsIT {
  private static final String HEALTHY = "{\"status\":\"healthy\",\"version\":\"1.0.0\"}";

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient.Builder().build();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  private HttpProbe probe;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    probe = HttpProbe.health(service(), ProbeSettings.DEFAULT, http, clock);
  }

  @AfterEach
  void stop() {
    server.close();
    http.connectionPool().evictAll();
  }

  @Test
  void serverClosingTheConnectionAfterAnAnswerDoesNotFailTheNextProbe() {
    // As a server does when its keep-alive timeout or idle-connection limit is reached: the answer
    // carries no "Connection: close", the socket just closes afterwards.
    server.enqueue(
        new MockResponse.Builder()
            .body(HEALTHY)
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(new MockResponse.Builder().body(HEALTHY).build());

    ProbeResult first = probe.run();
    ProbeResult second = probe.run();

    assertThat(first.status()).isEqualTo(ProbeStatus.UP);
    assertThat(second.status()).as(second.reason()).isEqualTo(ProbeStatus.UP);
  }

  @Test
  void everyProbeConnectsAfreshAndTimesItsConnect() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().body(HEALTHY).build());
    server.enqueue(new MockResponse.Builder().body(HEALTHY).build());

    probe.run();
    ProbeResult second = probe.run();

    assertThat(server.takeRequest().getConnectionIndex())
        .isNotEqualTo(server.takeRequest().getConnectionIndex());
    assertThat(second.phases().connect()).isNotNull();
  }

  private ServiceConfig service() {
    return new ServiceConfig(
        "api",
        null,
        null,
        server.url("/").toString(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
