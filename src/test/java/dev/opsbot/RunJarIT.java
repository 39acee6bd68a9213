package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/opsbot.jar run} as a container runs it: stopped with SIGTERM. */
class RunJarIT {
  @TempDir Path dir;

  @Test
  void sigtermStopsEverythingInOrderBeforeTheProcessExits() throws Exception {
    Path jar = Path.of(System.getProperty("opsbot.jar", "target/opsbot.jar")).toAbsolutePath();
    assertThat(jar).exists();
    Files.writeString(
        dir.resolve("opsbot.yaml"),
        """
        admin:
          port: 0
        services:
          - id: web
            name: Web
            platform: render
            baseUrl: http://127.0.0.1:9
            healthPath: /health
        """);
    Files.createDirectories(dir.resolve("alerts"));
    Files.writeString(
        dir.resolve("alerts/rules.yaml"),
        """
        routes:
          critical: "#ops-critical"
        rules:
          - id: service-down
            summary: "{service} is down: {reason}"
            when:
              status: DOWN
            severity: critical
        """);
    Path log = dir.resolve("opsbot.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(List.of(java, "-jar", jar.toString(), "run", "--config", "opsbot.yaml"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile())
            .directory(dir.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      // Started, and the first probe round over: the next is 30 s away.
      String probed = "event=probe_status_changed target=web/health";
      while (!read(log).contains(probed) && System.nanoTime() < deadline) {
        assertThat(process.isAlive()).as(read(log)).isTrue();
        Thread.sleep(200);
      }
      assertThat(read(log)).as("not started after 120 s").contains("event=started", probed);

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
      String stopping = read(log).substring(read(log).indexOf(probed));
      assertThat(stopping)
          .as("opsbot stopped before the JVM halted, its state database last")
          .contains("event=stopped")
          .doesNotContain("terminating connection due to administrator command")
          .doesNotContain("level=WARN")
          .doesNotContain("level=ERROR");
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
