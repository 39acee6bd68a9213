package dev.opsbot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds a YAML tree to the configuration records with Jackson, turning unknown keys, wrong types,
 * unreadable durations and secrets holding control characters into {@link Problem}s.
 */
final class ConfigBinder {
  private ConfigBinder() {}

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
        .addHandler(new BindingProblemCollector(file, problems));
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
}
