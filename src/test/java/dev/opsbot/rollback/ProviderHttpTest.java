package dev.opsbot.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.Secret;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** How long a 429 asks us to wait: Retry-After in seconds or as an HTTP date. */
class ProviderHttpTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-02T09:00:00Z"));
  private final ProviderHttp http =
      new ProviderHttp(
          "Render",
          "RENDER_API_KEY",
          Secret.of("rnd_unit_test"),
          new OkHttpClient(),
          clock,
          d -> {});

  @Test
  void retryAfterInSeconds() {
    assertThat(http.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(http.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterAsAnHttpDateCountsFromNow() {
    assertThat(http.retryAfter("Wed, 02 Dec 2026 09:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
    assertThat(http.retryAfter("Wed, 02 Dec 2026 08:00:00 GMT")).isEqualTo(Duration.ZERO);
  }

  @Test
  void aMissingOrUnreadableRetryAfterIsUnknown() {
    assertThat(http.retryAfter(null)).isNull();
    assertThat(http.retryAfter("soon")).isNull();
  }
}
