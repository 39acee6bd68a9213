package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedRequestsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
  private final FakeClock clock = new FakeClock(NOW);
  private final SignedRequests signed = new SignedRequests("secret", clock);

  private String refusal(long timestamp, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return signed
        .refusal(
            Long.toString(timestamp), SlackHttpFixture.signWith("secret", timestamp, bytes), bytes)
        .orElse("accepted");
  }

  @Test
  void theWindowIsFiveMinutesEitherWayToTheSecond() {
    long now = NOW.getEpochSecond();

    assertThat(refusal(now - 300, "a")).isEqualTo("accepted");
    assertThat(refusal(now + 300, "b")).isEqualTo("accepted");
    assertThat(refusal(now - 301, "c")).contains("301 s in the past");
    assertThat(refusal(now + 301, "d")).contains("301 s in the future");
    assertThat(refusal(Long.MAX_VALUE, "e")).contains("in the future");
    assertThat(refusal(Long.MIN_VALUE + 1, "f")).contains("in the past");
  }

  @Test
  void aSignatureIsAcceptedOnceForAsLongAsItsTimestampIsInTheWindow() {
    long timestamp = NOW.getEpochSecond() + 240;

    assertThat(refusal(timestamp, "x")).isEqualTo("accepted");
    clock.advance(Duration.ofMinutes(8));
    assertThat(refusal(timestamp, "x")).contains("already received");
    clock.advance(Duration.ofSeconds(62));
    assertThat(refusal(timestamp, "x")).contains("in the past");
  }

  @Test
  void anotherSecretOrBodyDoesNotMatch() {
    long now = NOW.getEpochSecond();
    byte[] body = "x".getBytes(StandardCharsets.UTF_8);

    assertThat(
            signed.refusal(Long.toString(now), SlackHttpFixture.signWith("other", now, body), body))
        .contains("the signature does not match the body and timestamp");
    assertThat(signed.refusal(Long.toString(now), "v0=", body)).isPresent();
    assertThat(signed.refusal(Long.toString(now), "garbage", body)).isPresent();
  }
}
