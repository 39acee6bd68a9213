package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The runbooks attached to alerts: {@code <name>.md} in a directory or bundled in the jar. */
public final class Runbooks {
  // Names are checked by the rules validator; this keeps a bad one from leaving the directory.
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern STEP = Pattern.compile("^\\s*\\d+[.)]\\s+\\S.*");

  private final Path directory;
  private final String resourceDirectory;

  private Runbooks(Path directory, String resourceDirectory) {
    this.directory = directory;
    this.resourceDirectory = resourceDirectory;
  }

  /** Runbooks read from the Markdown files of {@code directory}, e.g. alerts/runbooks. */
  public static Runbooks in(Path directory) {
    return new Runbooks(directory, null);
  }

  /**
   * Runbooks read from the jar's resources under {@code resourceDirectory}, e.g. /alerts/runbooks.
   */
  public static Runbooks bundled(String resourceDirectory) {
    return new Runbooks(null, resourceDirectory);
  }

  /** The runbook's Markdown; empty for a null name or one with no file. */
  public Optional<String> text(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    try {
      if (directory != null) {
        return Optional.of(Files.readString(directory.resolve(name + ".md")));
      }
      try (InputStream in =
          Runbooks.class.getResourceAsStream(resourceDirectory + "/" + name + ".md")) {
        return in == null
            ? Optional.empty()
            : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Markdown of the runbook {@code rule} names; null when it names none. */
  public String forRule(AlertRule rule) {
    return rule.runbook() == null ? null : text(rule.runbook()).orElse(null);
  }

  /** The numbered lines of a runbook, as written ("1. Check ..."); none for null. */
  public static List<String> steps(String markdown) {
    if (markdown == null) {
      return List.of();
    }
    return markdown
        .lines()
        .filter(line -> STEP.matcher(line).matches())
        .map(String::strip)
        .toList();
  }
}
