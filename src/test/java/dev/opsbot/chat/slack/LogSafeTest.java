package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void lineBreaksAndControlCharactersCannotStartAForgedLine() {
    assertThat(LogSafe.text("a\nlevel=ERROR b\r\u001b[31m\u2028\"q\""))
        .isEqualTo("a\\nlevel=ERROR b\\r\\u001b[31m\\u2028\\\"q\\\"");
  }

  @Test
  void longValuesAreCut() {
    assertThat(LogSafe.text("x".repeat(10_000))).hasSize(303).endsWith("...");
  }
}
