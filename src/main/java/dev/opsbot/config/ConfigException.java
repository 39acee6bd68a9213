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
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
