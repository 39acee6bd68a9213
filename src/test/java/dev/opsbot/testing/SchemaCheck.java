package dev.opsbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A JSON value against a JSON schema as OpenAPI writes it: {@code $ref}, oneOf, anyOf, allOf, type
 * (with {@code nullable}), enum, const, pattern, maxLength, required, properties and
 * additionalProperties. Strict (for requests): a field the schema does not name is a problem.
 */
final class SchemaCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String title;
  private final UnaryOperator<JsonNode> resolve;

  SchemaCheck(String title, UnaryOperator<JsonNode> resolve) {
    this.title = title;
    this.resolve = resolve;
  }

  private JsonNode resolve(JsonNode node) {
    return resolve.apply(node);
  }

  void validate(
      JsonNode value, JsonNode schema, String where, boolean strict, List<String> problems) {
    schema = resolve(schema);
    if (schema.isMissingNode() || schema.isEmpty()) {
      return;
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (schema.has(choice)) {
        List<String> closest = null;
        for (JsonNode branch : schema.get(choice)) {
          List<String> tried = new ArrayList<>();
          validate(value, branch, where, strict, tried);
          if (tried.isEmpty()) {
            return;
          }
          boolean nullBranch = resolve(branch).path("type").asText().equals("null");
          if (!(nullBranch && !value.isNull())
              && (closest == null || tried.size() < closest.size())) {
            closest = tried;
          }
        }
        problems.add(where + " matches none of its " + choice + " (closest: " + closest + ")");
        return;
      }
    }
    if (schema.has("allOf")) {
      // Each part names only some of the fields (Alertmanager's postableSilence is {id} and
      // silence), so a field is unknown only when no part names it; below the top, each part's
      // own strictness holds.
      List<String> topLevelUnknown = new ArrayList<>();
      if (value.isObject()) {
        value.fieldNames().forEachRemaining(f -> topLevelUnknown.add(unknown(where + "." + f)));
      }
      for (JsonNode part : schema.get("allOf")) {
        List<String> found = new ArrayList<>();
        validate(value, part, where, strict, found);
        found.stream().filter(p -> !topLevelUnknown.contains(p)).forEach(problems::add);
      }
      if (strict && value.isObject()) {
        List<String> named = new ArrayList<>();
        boolean open = namedFields(schema, named);
        value
            .fieldNames()
            .forEachRemaining(field -> {
              if (!open && !named.contains(field)) {
                problems.add(unknown(where + "." + field));
              }
            });
      }
    }
    if (!typeMatches(value, schema)) {
      problems.add(where + " is " + kind(value) + ", not " + schema.path("type"));
      return;
    }
    if (value.isTextual()
        && schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      problems.add(where + " = " + value + " does not match " + schema.get("pattern").asText());
    }
    if (schema.has("const") && !contains(JSON.createArrayNode().add(schema.get("const")), value)) {
      problems.add(where + " = " + value + " is not " + schema.get("const"));
    }
    if (schema.has("enum")
        && !schema.get("enum").isEmpty()
        && !contains(schema.get("enum"), value)) {
      problems.add(where + " = " + value + " is not one of " + schema.get("enum"));
    }
    if (value.isTextual()
        && schema.has("maxLength")
        && value.asText().length() > schema.get("maxLength").asInt()) {
      problems.add(where + " is longer than " + schema.get("maxLength").asInt());
    }
    if (value.isObject()) {
      object(value, schema, where, strict, problems);
    }
    if (value.isArray() && schema.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        validate(item, schema.get("items"), where + "[" + i++ + "]", strict, problems);
      }
    }
  }

  private void object(
      JsonNode value, JsonNode schema, String where, boolean strict, List<String> problems) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        problems.add(where + " lacks the required field " + required.asText());
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = where + "." + field.getKey();
      if (properties.has(field.getKey())) {
        validate(field.getValue(), properties.get(field.getKey()), at, strict, problems);
      } else if (additional != null && additional.isObject()) {
        validate(field.getValue(), additional, at, strict, problems);
      } else if (!properties.isMissingNode()
          && (additional != null && additional.isBoolean() && !additional.asBoolean()
              || strict && additional == null)) {
        problems.add(unknown(at));
      }
    }
  }

  private String unknown(String at) {
    return at + " is not a field " + title + " describes";
  }

  /**
   * Adds the fields {@code schema} and its allOf parts name to {@code named}; true when one of them
   * takes any field (additionalProperties), so no field is unknown.
   */
  private boolean namedFields(JsonNode schema, List<String> named) {
    schema = resolve(schema);
    boolean open =
        schema.has("additionalProperties") && !schema.get("additionalProperties").isBoolean()
            || schema.path("additionalProperties").asBoolean(false);
    schema.path("properties").fieldNames().forEachRemaining(named::add);
    for (JsonNode part : schema.path("allOf")) {
      open |= namedFields(part, named);
    }
    return open;
  }

  private static boolean typeMatches(JsonNode value, JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return true;
    }
    List<String> types = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    if (schema.path("nullable").asBoolean() || schema.path("x-nullable").asBoolean()) {
      types.add("null");
    }
    for (String t : types) {
      boolean ok =
          switch (t) {
            case "null" -> value.isNull();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
          };
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)
          || v.isTextual() && value.isTextual() && v.asText().equals(value.asText())) {
        return true;
      }
    }
    return false;
  }
}
