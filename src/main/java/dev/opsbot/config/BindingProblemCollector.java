package dev.opsbot.config;

import static dev.opsbot.config.ConfigBinder.pathOf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Turns Jackson's first-error-stops behaviour into one problem per mistake, then goes on. */
final class BindingProblemCollector extends DeserializationProblemHandler {
  private final String file;
  private final List<Problem> problems;

  BindingProblemCollector(String file, List<Problem> problems) {
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
      DeserializationContext ctxt, Class<?> targetType, String valueToConvert, String failureMsg) {
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
      DeserializationContext ctxt, Class<?> targetType, Number valueToConvert, String failureMsg) {
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
    Throwable cause = t instanceof JsonMappingException && t.getCause() != null ? t.getCause() : t;
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
