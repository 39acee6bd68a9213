package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacedSessionControllerTest {
  @Test
  void failedGatewayConnectionsWaitLongerEachTimeUpToAMinuteAndStartOverOnceCalm() {
    PacedSessionController controller = new PacedSessionController("ws://127.0.0.1:1");
    long second = Duration.ofSeconds(1).toNanos();

    assertThat(controller.pauseAfterFailure(1 * second)).isEqualTo(Duration.ofSeconds(5));
    assertThat(controller.pauseAfterFailure(6 * second)).isEqualTo(Duration.ofSeconds(10));
    assertThat(controller.pauseAfterFailure(16 * second)).isEqualTo(Duration.ofSeconds(20));
    assertThat(controller.pauseAfterFailure(36 * second)).isEqualTo(Duration.ofSeconds(40));
    assertThat(controller.pauseAfterFailure(76 * second)).isEqualTo(Duration.ofMinutes(1));
    assertThat(controller.pauseAfterFailure(136 * second)).isEqualTo(Duration.ofMinutes(1));
    assertThat(controller.pauseAfterFailure(1_000 * second)).isEqualTo(Duration.ofSeconds(5));
    assertThat(controller.getGateway()).isEqualTo("ws://127.0.0.1:1");
    assertThat(new PacedSessionController(null).getGateway()).contains("gateway.discord.gg");
  }
}
