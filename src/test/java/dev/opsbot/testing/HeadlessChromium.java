package dev.opsbot.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium driven from the command line: {@code --dump-dom} gives the DOM after the page
 * has loaded and rendered, {@code --screenshot} a PNG of the viewport. Each run has a profile of
 * its own, with everything that would reach out to the network turned off.
 */
public final class HeadlessChromium {
  private static final long RUN_SECONDS = 90;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** Skips (or, with OPSBOT_REQUIRE_BINARIES=1, fails) when Chromium is not installed. */
  public static HeadlessChromium require() {
    return new HeadlessChromium(
        Binaries.require("chromium", "chromium", "chromium-browser", "google-chrome"));
  }

  /** The DOM of {@code url} as serialised after loading. */
  public String dumpDom(String url, int width, int height) throws Exception {
    return run(List.of("--window-size=" + width + "," + height, "--dump-dom", url));
  }

  /** A screenshot of the top {@code width} x {@code height} pixels of {@code url}. */
  public void screenshot(String url, Path png, int width, int height) throws Exception {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(
        List.of(
            "--window-size=" + width + "," + height,
            "--hide-scrollbars",
            "--screenshot=" + png.toAbsolutePath(),
            url));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("Chromium wrote no screenshot to " + png);
    }
  }

  private String run(List<String> arguments) throws Exception {
    Path profile = Files.createTempDirectory("opsbot-chromium-");
    Path stdout = Files.createTempFile("opsbot-chromium-", ".out");
    Path stderr = Files.createTempFile("opsbot-chromium-", ".err");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("Chromium did not finish within " + RUN_SECONDS + " s");
      }
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "Chromium exited with "
                + process.exitValue()
                + ": "
                + tail(Files.readString(stderr, StandardCharsets.UTF_8)));
      }
      return out;
    } finally {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      delete(profile);
    }
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
