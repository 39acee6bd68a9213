package dev.opsbot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
    SavedQueries queries = bind(label, tree, SavedQueries.class, problems);
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
    AlertRules rules = bind(label, tree, AlertRules.class, found);
    found.forEach(problem -> problems.add(namingTheRule(problem, tree)));
    return rules == null ? AlertRules.NONE : rules;
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
    OpsbotConfig config = bind(file, tree, OpsbotConfig.class, problems, interpolator.sources());
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

  /** Binds a tree to a record type, collecting unknown keys and type errors as problems. */
  static <T> T bind(String file, JsonNode tree, Class<T> type, List<Problem> problems) {
    return bind(file, tree, type, problems, Map.of());
  }

  /** As above; {@code sources} names the variables each value came from, for problems. */
  static <T> T bind(
      String file,
      JsonNode tree,
      Class<T> type,
      List<Problem> problems,
      Map<String, List<String>> sources) {
    ObjectMapper mapper = mapper(file, problems, sources);
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      problems.add(new Problem(file, pathOf(e), e.getOriginalMessage()));
      return null;
    } catch (JsonProcessingException e) {
      problems.add(new Problem(file, "", e.getOriginalMessage()));
      return null;
    }
  }

  private static ObjectMapper mapper(
      String file, List<Problem> problems, Map<String, List<String>> sources) {
    SimpleModule durations = new SimpleModule("durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    durations.addDeserializer(Secret.class, new SecretDeserializer(file, problems, sources));
    return new ObjectMapper()
        .registerModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .addHandler(new ProblemCollector(file, problems));
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static String pathOf(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(0, "." + c.getCurrentName());
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static List<Problem> deduplicated(List<Problem> problems) {
    return problems.stream().distinct().collect(Collectors.toList());
  }

  private static final class DurationDeserializer extends StdDeserializer<Duration> {
    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        text = p.getText() + "s";
      }
      if (text == null) {
        return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
      }
      try {
        return DurationText.parse(text);
      } catch (IllegalArgumentException e) {
        return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
      }
    }
  }

  /**
   * A secret, refused when it holds a control character: it would break (or forge) an HTTP header
   * and make every call fail. The problem names the variable it came from, never the value.
   */
  private static final class SecretDeserializer extends StdDeserializer<Secret> {
    private final String file;
    private final List<Problem> problems;
    private final Map<String, List<String>> sources;

    SecretDeserializer(String file, List<Problem> problems, Map<String, List<String>> sources) {
      super(Secret.class);
      this.file = file;
      this.problems = problems;
      this.sources = sources;
    }

    @Override
    public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        return (Secret) ctxt.handleUnexpectedToken(Secret.class, p);
      }
      Secret secret = Secret.of(p.getValueAsString(p.getText()));
      secret
          .controlCharacter()
          .ifPresent(what -> {
            String path = pathOf(p.getParsingContext());
            List<String> variables = sources.getOrDefault(path, List.of());
            String from =
                variables.isEmpty()
                    ? "the value"
                    : "environment variable "
                        + String.join(", ", variables)
                        + (variables.size() == 1 ? " (or its _FILE)" : "");
            problems.add(new Problem(file, path, from + " holds " + SecretVariable.refusal(what)));
          });
      return secret;
    }
  }

  /** Turns Jackson's first-error-stops behaviour into one problem per mistake, then goes on. */
  private static final class ProblemCollector extends DeserializationProblemHandler {
    private final String file;
    private final List<Problem> problems;

    ProblemCollector(String file, List<Problem> problems) {
      this.file = file;
      this.problems = problems;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      JsonStreamContext holder = p.getParsingContext();
      if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
        // The value is a structure and the parser is already inside it: step out to the key.
        holder = holder.getParent();
      }
      String parent = pathOf(holder.getParent());
      String path = parent.isEmpty() ? propertyName : parent + "." + propertyName;
      Collection<Object> known = deserializer.getKnownPropertyNames();
      List<String> names = known.stream().map(Object::toString).sorted().toList();
      String hint =
          ClosestMatch.among(names, propertyName)
              .map(name -> "did you mean '" + name + "'?")
              .orElse("known keys here: " + String.join(", ", names));
      problems.add(new Problem(file, path, "unknown key '" + propertyName + "': " + hint));
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        String valueToConvert,
        String failureMsg) {
      String path = pathOf(ctxt.getParser().getParsingContext());
      String message =
          targetType == Duration.class
              ? failureMsg
              : "'" + valueToConvert + "' is not " + describe(targetType);
      problems.add(new Problem(file, path, message));
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        Number valueToConvert,
        String failureMsg) {
      problems.add(
          new Problem(
              file,
              pathOf(ctxt.getParser().getParsingContext()),
              valueToConvert + " is not " + describe(targetType)));
      return null;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt,
        JavaType targetType,
        JsonToken t,
        JsonParser p,
        String failureMsg)
        throws IOException {
      String path = pathOf(p.getParsingContext());
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        // The parser is inside the structure: its own name is the parent's.
        path = pathOf(p.getParsingContext().getParent());
      }
      problems.add(
          new Problem(
              file,
              path,
              "expected " + describe(targetType.getRawClass()) + " but found " + describe(t)));
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleInstantiationProblem(
        DeserializationContext ctxt, Class<?> instClass, Object argument, Throwable t) {
      // Jackson wraps the creator's exception; its own message (FieldPath.of's) is the useful one.
      Throwable cause =
          t instanceof JsonMappingException && t.getCause() != null ? t.getCause() : t;
      String message =
          cause instanceof IllegalArgumentException && cause.getMessage() != null
              ? cause.getMessage()
              : "cannot be read as " + describe(instClass) + " (" + cause + ")";
      problems.add(new Problem(file, pathOf(ctxt.getParser().getParsingContext()), message));
      return null;
    }

    @Override
    public Object handleMissingInstantiator(
        DeserializationContext ctxt,
        Class<?> instClass,
        ValueInstantiator valueInsts,
        JsonParser p,
        String msg)
        throws IOException {
      // A scalar where a list or mapping belongs (healthyValues: ok, headers: abc).
      problems.add(
          new Problem(
              file,
              pathOf(p.getParsingContext()),
              "expected " + describe(instClass) + " but found " + describe(p.currentToken())));
      p.skipChildren();
      return null;
    }

    private static String describe(Class<?> type) {
      if (type == Integer.class || type == int.class || type == Long.class) {
        return "a whole number";
      }
      if (type == Boolean.class || type == boolean.class) {
        return "true or false";
      }
      if (type == String.class || type == Secret.class || type == FieldPath.class) {
        return "a text value";
      }
      if (type == Duration.class) {
        return "a duration such as 5s";
      }
      if (type == Double.class || type == double.class) {
        return "a number";
      }
      if (List.class.isAssignableFrom(type)) {
        return "a list";
      }
      if (Map.class.isAssignableFrom(type) || type.isRecord()) {
        return "a mapping of keys";
      }
      return "a " + type.getSimpleName();
    }

    private static String describe(JsonToken token) {
      return switch (token) {
        case START_OBJECT -> "a mapping";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "a text value";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "nothing";
        default -> token.toString();
      };
    }
  }
}
