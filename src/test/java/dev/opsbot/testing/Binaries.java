package dev.opsbot.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs some tests drive (Chromium, Prometheus). A test whose program is missing is skipped with
 * one line saying so, unless OPSBOT_REQUIRE_BINARIES=1 (set by .ci/run): then it fails, so CI
 * cannot pass by skipping.
 */
public final class Binaries {
  public static final String REQUIRE = "OPSBOT_REQUIRE_BINARIES";

  private Binaries() {}

  /** The first of {@code names} found on the PATH (or as an absolute path), else skip or fail. */
  public static Path require(String debianPackage, String... names) {
    Optional<Path> found = find(names);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        String.join(" or ", names)
            + " not found on the PATH: install Debian's "
            + debianPackage
            + " (apt-get install -y "
            + debianPackage
            + ") to run this test";
    if ("1".equals(System.getenv(REQUIRE))) {
      fail(message + " (" + REQUIRE + "=1, so it may not be skipped)");
    }
    Assumptions.abort("Skipped: " + message);
    throw new IllegalStateException("unreachable");
  }

  static Optional<Path> find(String... names) {
    List<Path> path =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .filter(p -> !p.isBlank())
            .map(Path::of)
            .toList();
    for (String name : names) {
      Path given = Path.of(name);
      if (given.isAbsolute() && Files.isExecutable(given)) {
        return Optional.of(given);
      }
      for (Path dir : path) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
