package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestSettingsTest {
  private static final String FLEET =
      """
      services:
        - id: backend
          baseUrl: https://backend.example
      """;

  @Test
  void theShippedFleetFileSchedulesTheDigestOnWeekdaysInDenver() {
    OpsbotConfig config =
        new ConfigLoader(
                Map.of(
                    "BRAINOPS_API_KEY", "k",
                    "SUPABASE_DB_URL", "jdbc:postgresql://db.example/postgres",
                    "SUPABASE_DB_PASSWORD", "p"))
            .load(Path.of("config/opsbot.yaml"));

    DigestSettings.DigestChannel channel = config.digest().channels().getFirst();
    assertThat(channel.channel()).isEqualTo("#ops-daily");
    assertThat(channel.time()).isEqualTo("08:30");
    assertThat(channel.zone()).isEqualTo("America/Denver");
    assertThat(channel.days()).isEqualTo("weekdays");
    assertThat(config.digest().rawRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.digest().hourlyRetention()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void withoutADigestSectionNothingIsScheduledAndHistoryIsKeptByDefault() {
    OpsbotConfig config = new ConfigLoader(Map.of()).parse("t.yaml", FLEET);

    assertThat(config.digest().channels()).isEmpty();
    assertThat(config.digest().chart()).isEqualTo("latency");
    assertThat(config.digest().rawRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void badTimeZoneDaysAndChartAreEachNamedWithWhatToWrite() {
    String yaml =
        FLEET
            + """
            digest:
              chart: pie
              channels:
                - channel: "#ops-daily"
                  time: "8.30am"
                  zone: Mountain
                  days: mondays
                  email: [not-an-address]
            """;

    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("t.yaml", yaml));

    assertThat(e.problems())
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).contains("digest.chart").contains("latency or availability"))
        .anySatisfy(p -> assertThat(p).contains("digest.channels[0].time").contains("HH:mm"))
        .anySatisfy(
            p -> assertThat(p).contains("digest.channels[0].zone").contains("America/Denver"))
        .anySatisfy(p -> assertThat(p).contains("digest.channels[0].days").contains("weekdays"))
        .anySatisfy(p -> assertThat(p).contains("digest.channels[0].email"));
  }

  @Test
  void anUnknownKeyInTheDigestSectionIsRefused() {
    String yaml =
        FLEET
            + """
            digest:
              channels:
                - channel: "#ops-daily"
                  tme: "08:30"
            """;

    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("t.yaml", yaml));

    assertThat(e.problems())
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).contains("tme"));
  }
}
