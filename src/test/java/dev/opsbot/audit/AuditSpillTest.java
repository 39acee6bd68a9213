package dev.opsbot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.command.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file audit rows wait in while the state database is down, after a crash. */
class AuditSpillTest {
  private static AuditEntry entry(String action) {
    return new AuditEntry(
        Instant.parse("2026-12-04T03:00:00Z"),
        "slack",
        "U0ONCALL",
        "olga",
        "C0OPS",
        AuditKind.COMMAND,
        action,
        Outcome.OK,
        Duration.ofMillis(42),
        null);
  }

  @Test
  void aRowAppendedAfterALineCutShortByACrashIsNotGluedOntoIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit-pending.jsonl");
    AuditSpill spill = new AuditSpill(file);
    spill.append(List.of(entry("/health")));
    // The crash: half of the next line reached the disk, without its line break.
    Files.writeString(
        file,
        "{\"at\":\"2026-12-04T03:00:01Z\",\"platf",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    spill.append(List.of(entry("/ack 12")));

    assertThat(spill.read()).extracting(AuditEntry::action).containsExactly("/health", "/ack 12");
  }

  @Test
  void aFileWithNoReadableLineIsSetAsideNotReadAgainAndAgain(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit-pending.jsonl");
    Files.writeString(file, "garbage\n{not json\n", StandardCharsets.UTF_8);
    AuditSpill spill = new AuditSpill(file);
    assertThat(spill.read()).isEmpty();

    spill.setAside();

    assertThat(spill.hasRows()).isFalse();
    try (var kept = Files.list(dir)) {
      assertThat(kept.map(p -> p.getFileName().toString()))
          .singleElement()
          .satisfies(name -> assertThat(name).startsWith("audit-pending.jsonl.unreadable-"));
    }
  }
}
