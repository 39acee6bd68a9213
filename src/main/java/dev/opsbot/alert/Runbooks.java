package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.AlertRulesValidator;
import dev.opsbot.config.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runbooks attached to alerts ({@code <name>.md} in a directory or bundled in the jar), read
 * once at start-up. Nothing on the alert path reads a file: a process that can no longer open one
 * (out of file descriptors, say) still posts its alerts, runbooks included.
 */
public final class Runbooks {
  private static final Pattern STEP = Pattern.compile("^\\s*\\d+[.)]\\s+\\S.*");

  /** No runbooks at all. */
  public static final Runbooks NONE = new Runbooks(Map.of(), Map.of());

  private final Map<String, String> texts;
  private final Map<String, String> unreadable;

  private Runbooks(Map<String, String> texts, Map<String, String> unreadable) {
    this.texts = Map.copyOf(texts);
    this.unreadable = Map.copyOf(unreadable);
  }

  /** Every runbook in {@code directory} (its .md files), read now; none when it does not exist. */
  public static Runbooks in(Path directory) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.md")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        names.add(name.substring(0, name.length() - ".md".length()));
      }
    } catch (NoSuchFileException e) {
      return NONE;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return in(directory, names);
  }

  /** The runbooks {@code names} (without .md) in {@code directory}, read now. */
  public static Runbooks in(Path directory, Collection<String> names) {
    return read(
        names,
        name -> {
          try {
            return Optional.of(Files.readString(directory.resolve(name + ".md")));
          } catch (NoSuchFileException e) {
            return Optional.empty();
          }
        });
  }

  /** The runbooks {@code names} among the jar's resources under {@code resourceDirectory}. */
  public static Runbooks bundled(String resourceDirectory, Collection<String> names) {
    return read(
        names,
        name -> {
          try (InputStream in =
              Runbooks.class.getResourceAsStream(resourceDirectory + "/" + name + ".md")) {
            return in == null
                ? Optional.empty()
                : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        });
  }

  private interface Reader {
    Optional<String> read(String name) throws IOException;
  }

  private static Runbooks read(Collection<String> names, Reader reader) {
    Map<String, String> texts = new LinkedHashMap<>();
    Map<String, String> unreadable = new LinkedHashMap<>();
    for (String name : names) {
      // The rules validator refuses other names; this keeps a bad one from leaving the directory.
      if (name == null || !AlertRulesValidator.RUNBOOK_NAME.matcher(name).matches()) {
        continue;
      }
      try {
        reader.read(name).ifPresent(text -> texts.put(name, text));
      } catch (IOException | RuntimeException e) {
        unreadable.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    return new Runbooks(texts, unreadable);
  }

  /** The runbook's Markdown; empty for a null name or one with no file. */
  public Optional<String> text(String name) {
    return Optional.ofNullable(name == null ? null : texts.get(name));
  }

  /** Whether there is a runbook of that name, read or not: what the rules validator asks. */
  public boolean exists(String name) {
    return texts.containsKey(name) || unreadable.containsKey(name);
  }

  /** The Markdown of the runbook {@code rule} names; null when it names none. */
  public String forRule(AlertRule rule) {
    return rule.runbook() == null ? null : texts.get(rule.runbook());
  }

  /**
   * Adds a problem for each rule whose runbook is there but could not be read, so that start-up and
   * check-config say so instead of an alert showing no runbook.
   */
  public void check(String rulesFile, AlertRules rules, List<Problem> problems) {
    for (int i = 0; i < rules.rules().size(); i++) {
      AlertRule rule = rules.rules().get(i);
      if (rule != null && rule.runbook() != null && unreadable.containsKey(rule.runbook())) {
        problems.add(
            new Problem(
                rulesFile,
                AlertRulesValidator.rulePath(i, rule.id()) + ".runbook",
                "cannot read the runbook alerts/runbooks/"
                    + rule.runbook()
                    + ".md: "
                    + unreadable.get(rule.runbook())));
      }
    }
  }

  /** The names of the runbooks {@code rules} attach, each once. */
  public static List<String> named(AlertRules rules) {
    return rules.rules().stream()
        .filter(rule -> rule != null && rule.runbook() != null)
        .map(AlertRule::runbook)
        .distinct()
        .toList();
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
