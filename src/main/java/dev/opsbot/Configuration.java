package dev.opsbot;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.Problem;
import dev.opsbot.config.SavedQueries;
import dev.opsbot.db.SavedQueryCatalog;
import dev.opsbot.db.SqlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything read at start-up: the main file and the saved queries it points to, checked together
 * so that {@code check-config} and start-up report the same problems.
 */
public record Configuration(String file, OpsbotConfig config, SavedQueryCatalog savedQueries) {

  public static Configuration load(ConfigLoader loader, Path file) {
    return check(loader, file.toString(), loader.load(file));
  }

  /** A configuration from text, such as the demo's bundled in the jar. */
  public static Configuration parse(ConfigLoader loader, String label, String yaml) {
    return check(loader, label, loader.parse(label, yaml));
  }

  private static Configuration check(ConfigLoader loader, String label, OpsbotConfig config) {
    List<Problem> problems = new ArrayList<>();
    Path queriesFile = Path.of(config.sql().savedQueries());
    SavedQueries saved =
        Files.exists(queriesFile)
            ? loader.loadSavedQueries(queriesFile, problems)
            : bundledQueries(loader, queriesFile, problems);
    SavedQueryCatalog catalog =
        SavedQueryCatalog.check(
            saved, queriesFile.toString(), new SqlGuard(), config.databases().keySet(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Configuration(label, config, catalog);
  }

  /** The jar carries the shipped saved queries, so the demo has them wherever it runs. */
  private static SavedQueries bundledQueries(
      ConfigLoader loader, Path file, List<Problem> problems) {
    try (InputStream in =
        Configuration.class.getResourceAsStream("/" + file.toString().replace('\\', '/'))) {
      if (in == null) {
        return SavedQueries.NONE;
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return loader.parseSavedQueries(file + " (bundled)", yaml, problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
