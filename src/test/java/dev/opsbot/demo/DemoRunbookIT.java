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
 * The newcomer's path through the demo, with the terminal's /click: an alert fires, its Logs button
 * shows the error burst, its Restart button makes a plan, Confirm restarts the service through the
 * Render stand-in, the service is back and the alert resolves, all in the alert's thread; and
 * memory climbing on the Render stand-in's metrics fires the memory rule.
 */
class DemoRunbookIT {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void alertLogsRestartConfirmBackResolved() throws Exception {
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

    awaitOutput("Ctrl-D quits");
    type(typing, "/demo aurea-stop");
    awaitOutput("== CRITICAL: AUREA is not running on ai-agents ==");
    type(typing, "/click Logs");
    awaitOutput("ERROR AUREA orchestrator loop crashed");
    type(typing, "/click Restart");
    awaitOutput("== Restart ai-agents? (plan #1) ==");
    type(typing, "/click Confirm restart");
    awaitOutput("Restarted ai-agents in ");
    awaitOutput("== RESOLVED: AUREA is not running on ai-agents ==");
    type(typing, "/demo backend metrics memory=91");
    awaitOutput("WARNING: backend memory use is 91.0%");
    type(typing, "/health backend --fresh");
    awaitOutput("Memory:");
    typing.close();
    assertThat(demo.get(60, TimeUnit.SECONDS)).isZero();

    String transcript = transcript();
    assertThat(transcript)
        .contains("[Restart] [Logs (15m)]")
        .contains("Logs of ai-agents are posted in the alert's thread.")
        .contains("Restart plan #1 of ai-agents is posted in the alert's thread: confirm it there.")
        .contains("Restart #1 confirmed by U0ONCALL: Render is restarting ai-agents.")
        .containsPattern("Memory: +91\\.0% \\(465\\.9 of 512\\.0 MB\\)");
    // The logs, the plan and the restart's progress are replies in the alert's thread. Its
    // message id depends on what was posted before it (an on-call hand-over, say).
    Matcher posted =
        Pattern.compile(
                "── #[\\w-]+ \\(new message (m\\d+)\\) ──\\s+== CRITICAL: AUREA is not running")
            .matcher(transcript);
    assertThat(posted.find()).isTrue();
    String alert = transcript.substring(posted.start());
    assertThat(alert.split("── console \\(thread of " + posted.group(1) + "\\) ──").length)
        .isGreaterThanOrEqualTo(5);
  }

  private static void type(PipedOutputStream typing, String line) throws IOException {
    typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    typing.flush();
  }

  /** Waits (up to a minute: the demo starts PostgreSQL) until the transcript shows {@code text}. */
  private void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!transcript().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no \"" + text + "\" within a minute:\n" + transcript());
      }
      Thread.sleep(50);
    }
  }

  private String transcript() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
