package dev.opsbot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /rollback end to end in the demo: the loopback Render stand-in rolls the backend back, opsbot
 * follows it and probes it, and /health then reports the older version.
 */
class DemoRollbackIT {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void rollingBackTheBackendChangesTheVersionItReports() throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(typing);
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(() ->
            Main.execute(
                new String[] {"demo"},
                in,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of()));

    type(typing, "/health backend --fresh");
    awaitOutput("Version:");
    type(typing, "/rollback backend list");
    type(typing, "/rollback backend");
    awaitOutput("(plan #1)");
    type(typing, "/rollback confirm 1");
    type(typing, "/rollback confirm 1");
    awaitOutput("Rolled back backend to ");
    type(typing, "/health backend --fresh");
    awaitOutput("Version:   163.0.15");
    typing.close();
    assertThat(demo.get(60, TimeUnit.SECONDS)).isZero();

    String transcript = transcript();
    String[] replies = transcript.split("\n> ");
    assertThat(replies[1]).contains("Version:   163.0.16");
    assertThat(replies[2])
        .containsPattern("dep-\\w+demo0 +live +\\w{7} +Batch invoice sync for ERP webhooks")
        .containsPattern("dep-\\w+demofail +build_failed");
    assertThat(replies[3])
        .containsPattern(
            "Roll back to: dep-\\w+demo1 \\(\\w{7} \u2018Fix tenant filter on /jobs\u2019\\)")
        .contains("Auto-deploy is on for backend");
    assertThat(replies[4])
        .contains("Rollback #1 confirmed by")
        .contains("Render is rolling backend");
    assertThat(replies[5]).contains("Rollback #1 was confirmed already").contains("nothing more");
    assertThat(transcript)
        .containsPattern("Render reports dep-\\w+demo1 live after \\d+ s")
        .containsPattern(
            "Rolled back backend to dep-\\w+demo1 \\(\\w{7} \u2018Fix tenant filter on /jobs\u2019\\)"
                + " in \\d+ s; /health UP \\d+ ms, version 163\\.0\\.15\\.")
        .contains("[Turn off auto-deploy]");
    assertThat(transcript.substring(transcript.lastIndexOf("> /health backend --fresh")))
        .contains("Version:   163.0.15");
  }

  private static void type(PipedOutputStream typing, String line) throws IOException {
    typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    typing.flush();
  }

  /** Waits (up to a minute: the demo starts PostgreSQL) until the transcript shows {@code text}. */
  private void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (count(text) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no \"" + text + "\" within a minute:\n" + transcript());
      }
      Thread.sleep(50);
    }
  }

  private int count(String text) {
    Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(transcript());
    int found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }

  private String transcript() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
