package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class DatabasePingProbeIT {
  @Test
  void reportsUpWithTheServerVersionThenDownOnceTheServerStops() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    try (DatabasePingProbe probe =
        new DatabasePingProbe(
            "fleet", new DatabaseConfig(url, "postgres", null, true), Clock.systemUTC())) {
      ProbeResult up = probe.run();
      assertThat(up.status()).isEqualTo(ProbeStatus.UP);
      assertThat(up.version()).startsWith("18.");
      assertThat(up.reason()).isEqualTo("ok");

      postgres.close();
      ProbeResult down = probe.run();

      assertThat(down.status()).isEqualTo(ProbeStatus.DOWN);
      assertThat(down.reason()).isNotBlank().doesNotContain(url);
      assertThat(down.latency().toSeconds()).as("answers promptly").isLessThan(10);
    } finally {
      postgres.close();
    }
  }

  @Test
  void unreachableDatabaseAtStartIsDownNotAStartupFailure() {
    String url = "jdbc:postgresql://127.0.0.1:1/postgres";
    try (DatabasePingProbe probe =
        new DatabasePingProbe(
            "fleet", new DatabaseConfig(url, "postgres", null, true), Clock.systemUTC())) {
      ProbeResult down = probe.run();

      assertThat(down.status()).isEqualTo(ProbeStatus.DOWN);
      assertThat(down.reason()).contains("connection refused");
    }
  }
}
