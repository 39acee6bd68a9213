package dev.opsbot.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration could not be used; carries every problem found, not just the first. */
public final class ConfigException extends RuntimeException {
  private final List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(
        problems.size()
            + " configuration problem(s):\n"
            + redacted(problems).stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = redacted(problems);
  }

  /** A value echoed back (a URL that is not one) may hold a secret read for another key. */
  private static List<Problem> redacted(List<Problem> problems) {
    return problems.stream()
        .map(p -> new Problem(p.file(), p.path(), SecretRedactor.redact(p.message())))
        .toList();
  }

  public List<Problem> problems() {
    return problems;
  }
}
