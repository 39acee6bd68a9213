package dev.opsbot.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a YAML configuration file into typed records, reporting every problem at once: YAML syntax,
 * unset environment variables, unknown keys (with the likely intended one), wrong types, and the
 * checks of {@link ConfigValidator}.
 */
public final class ConfigLoader {
  private static final Pattern RULE_PATH = Pattern.compile("rules\\[(\\d+)](.*)");

  private final Map<String, String> env;

  public ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  public static ConfigLoader fromEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  public OpsbotConfig load(Path file) {
    return parse(file.toString(), read(file));
  }

  /**
   * The saved {@code /sql} queries of {@code file}; none when the file does not exist. Problems are
   * added to {@code problems}, so they are reported with the main file's.
   */
  public SavedQueries loadSavedQueries(Path file, List<Problem> problems) {
    if (!Files.exists(file)) {
      return SavedQueries.NONE;
    }
    try {
      return parseSavedQueries(file.toString(), read(file), problems);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return SavedQueries.NONE;
    }
  }

  /** Saved queries from text; problems are added to {@code problems}. */
  public SavedQueries parseSavedQueries(String label, String yaml, List<Problem> problems) {
    JsonNode tree = readTree(label, yaml, problems);
    if (tree == null) {
      return SavedQueries.NONE;
    }
    new EnvInterpolator(env).interpolate(tree, "", problems::add, label);
    SavedQueries queries = ConfigBinder.bind(label, tree, SavedQueries.class, problems);
    return queries == null ? SavedQueries.NONE : queries;
  }

  /**
   * The alert rules of {@code file}; none when the file does not exist. Only reading and types are
   * checked here: {@link AlertRulesValidator} checks the rules against the fleet.
   */
  public AlertRules loadAlertRules(Path file, List<Problem> problems) {
    if (!Files.exists(file)) {
      return AlertRules.NONE;
    }
    try {
      return parseAlertRules(file.toString(), read(file), problems);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return AlertRules.NONE;
    }
  }

  /** Alert rules from text; problems are added to {@code problems}. */
  public AlertRules parseAlertRules(String label, String yaml, List<Problem> problems) {
    JsonNode tree =
        readTree(label, yaml, problems, "the file is empty: list rules under rules:, or delete it");
    if (tree == null) {
      return AlertRules.NONE;
    }
    List<Problem> found = new ArrayList<>();
    new EnvInterpolator(env).interpolate(tree, "", found::add, label);
    AlertRules rules = ConfigBinder.bind(label, tree, AlertRules.class, found);
    found.forEach(problem -> problems.add(namingTheRule(problem, tree)));
    return rules == null ? AlertRules.NONE : rules;
  }

  /** On-call schedules and policies from text; problems are added to {@code problems}. */
  public OnCallConfig parseOnCall(String label, String yaml, List<Problem> problems) {
    JsonNode tree = readTree(label, yaml, problems);
    if (tree == null) {
      return OnCallConfig.NONE;
    }
    List<Problem> found = new ArrayList<>();
    new EnvInterpolator(env).interpolate(tree, "", found::add, label);
    OnCallConfig config = ConfigBinder.bind(label, tree, OnCallConfig.class, found);
    if (config != null && found.isEmpty()) {
      new OnCallValidator(label, found).validate(config);
    }
    problems.addAll(found);
    return config == null ? OnCallConfig.NONE : config;
  }

  /** The on-call file; none when it does not exist. */
  public OnCallConfig loadOnCall(Path file, List<Problem> problems) {
    if (!Files.exists(file)) {
      return OnCallConfig.NONE;
    }
    try {
      return parseOnCall(file.toString(), read(file), problems);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return OnCallConfig.NONE;
    }
  }

  /** {@code rules[2].when.abov} becomes {@code rules[2] (id error-rate).when.abov}. */
  private static Problem namingTheRule(Problem problem, JsonNode tree) {
    Matcher rule = RULE_PATH.matcher(problem.path());
    if (!rule.matches()) {
      return problem;
    }
    int index = Integer.parseInt(rule.group(1));
    JsonNode id = tree.path("rules").path(index).path("id");
    String path =
        AlertRulesValidator.rulePath(index, id.isValueNode() ? id.asText() : null) + rule.group(2);
    return new Problem(problem.file(), path, problem.message());
  }

  private static String read(Path file) {
    String label = file.toString();
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          List.of(
              new Problem(
                  label,
                  "",
                  "file not found: pass the right one with --config, or start from"
                      + " config/opsbot.yaml")));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new Problem(label, "", "cannot read the file: " + e.getMessage())));
    }
  }

  public OpsbotConfig parse(String file, String yaml) {
    List<Problem> problems = new ArrayList<>();
    JsonNode tree = readTree(file, yaml, problems);
    if (tree == null) {
      throw new ConfigException(problems);
    }
    EnvInterpolator interpolator = new EnvInterpolator(env);
    interpolator.interpolate(tree, "", problems::add, file);
    OpsbotConfig config =
        ConfigBinder.bind(file, tree, OpsbotConfig.class, problems, interpolator.sources());
    if (config != null) {
      new ConfigValidator(file, problems).validate(config);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(deduplicated(problems));
    }
    return config;
  }

  private static JsonNode readTree(String file, String yaml, List<Problem> problems) {
    return readTree(file, yaml, problems, "the file is empty: describe at least one service");
  }

  private static JsonNode readTree(
      String file, String yaml, List<Problem> problems, String whenEmpty) {
    try {
      JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      if (tree == null || tree instanceof MissingNode || tree.isNull()) {
        problems.add(new Problem(file, "", whenEmpty));
        return null;
      }
      if (!tree.isObject()) {
        problems.add(new Problem(file, "", "expected a mapping of keys (services:, probe:, ...)"));
        return null;
      }
      return tree;
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      String where = location == null ? "" : "line " + location.getLineNr();
      problems.add(
          new Problem(file, where, "not valid YAML: " + yamlReason(e.getOriginalMessage())));
      return null;
    }
  }

  /** SnakeYAML's message is context, location, then the actual problem; keep first and last. */
  private static String yamlReason(String message) {
    List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String last = lines.getLast();
    return lines.size() > 1 && !last.startsWith("^") && !last.startsWith("in ")
        ? lines.getFirst() + ": " + last
        : lines.getFirst();
  }

  private static List<Problem> deduplicated(List<Problem> problems) {
    return problems.stream().distinct().collect(Collectors.toList());
  }
}
