package dev.opsbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A logged value cannot forge a record: only a record's own first line starts at the margin. */
class LogLinesTest {
  private static final String FORGED =
      "2026-12-04T00:00:00.000Z level=INFO logger=AuditLog forged=1";

  @Test
  void lineBreaksInMessagesArgumentsAndExceptionsNeverStartANewRecord() {
    List<String> breaks = List.of("\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029", "\u000b\n");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      var log = LoggerFactory.getLogger("forging");
      for (String lineBreak : breaks) {
        log.warn("event=refused value=\"{}\"", "junk" + lineBreak + FORGED);
        log.error("event=failed" + lineBreak + FORGED);
        log.error(
            "event=failed error=\"{}\"",
            "boom",
            new IllegalStateException("bad" + lineBreak + FORGED + lineBreak + "\tat fake"));
      }
    } finally {
      System.setErr(original);
    }

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> atTheMargin = lines.stream().filter(l -> !l.startsWith("\t")).toList();
    assertThat(atTheMargin).hasSize(breaks.size() * 3);
    assertThat(atTheMargin).allMatch(l -> l.contains(" logger=forging event="));
    assertThat(atTheMargin).noneMatch(l -> l.startsWith("2026-12-04T00:00:00.000Z"));
    assertThat(String.join("\n", lines)).contains("junk\\n" + FORGED).contains("\\u2028");
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    assertThat(OneLine.message("event=ok user=U0ONCALL text=\"tab\there ünïcode\""))
        .isEqualTo("event=ok user=U0ONCALL text=\"tab\there ünïcode\"");
  }
}
