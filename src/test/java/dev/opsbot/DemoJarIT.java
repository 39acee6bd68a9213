package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's promise, as a newcomer runs it: {@code printf ... | java -jar target/opsbot.jar
 * demo}.
 */
class DemoJarIT {
  @Test
  void packagedJarRunsTheDemoFromPipedInputAndExitsCleanly() throws Exception {
    Path jar = Path.of(System.getProperty("opsbot.jar", "target/opsbot.jar"));
    assertThat(jar).exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path input = Files.createTempFile("demo-input", ".txt");
    Files.writeString(input, "/health\n/aurea\n");
    Process process =
        new ProcessBuilder(List.of(java, "-jar", jar.toString(), "demo"))
            .redirectInput(input.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .directory(new File(System.getProperty("java.io.tmpdir")))
            .start();
    try {
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      String out = read(process);
      assertThat(finished).as("demo still running after 120 s: " + out).isTrue();
      assertThat(process.exitValue()).as(out).isZero();
      assertThat(out)
          .contains("== Fleet health ==")
          .contains("== AUREA orchestrator ==")
          .contains("Registered jobs: 61 of 61 expected")
          .containsPattern("Status page: http://127\\.0\\.0\\.1:\\d+/status\n")
          .containsPattern(
              "Alertmanager intake: POST http://127\\.0\\.0\\.1:\\d+/intake/alertmanager with"
                  + " header \"Authorization: Bearer \\$\\(cat /\\S+\\)\"\n")
          .endsWith("opsbot demo stopped.\n");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(input);
    }
  }

  private static String read(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
