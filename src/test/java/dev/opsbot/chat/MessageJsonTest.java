package dev.opsbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
  @Test
  void everyKindOfBlockSurvivesTheRoundTrip() {
    Message message =
        Message.builder("backend is down")
            .header("backend is down")
            .text("HTTP 503 since 08:00")
            .fields(List.of(new Block.Field("Severity", "critical")))
            .table(List.of("A", "B"), List.of(List.of("1", "2")))
            .code("curl -s /health")
            .buttons(List.of(new Block.Button("alert.ack", "Acknowledge", "42", Tone.GOOD)))
            .context("runbook: service-not-responding")
            .add(new Block.Image("https://example.com/chart.png", "latency chart"))
            .add(new Block.File("rows.csv", "text/csv", "a,b\n1,2\n", "1 row"))
            .visibility(Visibility.IN_CHANNEL)
            .tone(Tone.DANGER)
            .build();

    assertThat(MessageJson.read(MessageJson.write(message))).isEqualTo(message);
  }
}
