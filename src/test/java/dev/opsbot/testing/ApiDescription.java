package dev.opsbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A provider's published API description (OpenAPI 3, or Swagger 2 for Slack), vendored under {@code
 * src/test/resources/contracts}, and the check of a request opsbot sent, or an answer a stand-in
 * gave, against it: the operation (method and path), required and known parameters and body fields,
 * types and enum values. Each violation is a sentence naming the call and the field.
 *
 * <p>Requests are checked strictly: a field the description does not name is a violation (a typo in
 * a field name is how a request drifts unnoticed). Answers may carry fields the description does
 * not name unless it says {@code additionalProperties: false}.
 *
 * <p>Readings beyond plain OpenAPI: Slack's Web API takes every method's arguments as a form POST
 * (booleans as 1 or 0) and the token as a bearer header, whatever its description says; and {@code
 * x-enum-lists} names query parameters that take a comma-separated list of enum values (Vercel's
 * {@code state}).
 */
public final class ApiDescription {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as it went over the wire, below the API's base path. */
  public record Call(
      String method,
      String path,
      Map<String, List<String>> query,
      String authorization,
      String contentType,
      String body) {
    public String name() {
      return method + " " + path;
    }
  }

  private record Operation(String template, JsonNode node, JsonNode pathItem) {}

  private final String title;
  private final JsonNode root;
  private final boolean swagger2;
  private final SchemaCheck schemas;

  private ApiDescription(String title, JsonNode root) {
    this.title = title;
    this.root = root;
    this.swagger2 = root.has("swagger");
    this.schemas = new SchemaCheck(title, this::resolve);
  }

  /** Loads {@code contracts/<file>} from the test resources. */
  public static ApiDescription load(String file) {
    try (InputStream in = ApiDescription.class.getResourceAsStream("/contracts/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no contracts/" + file + " in the test resources");
      }
      JsonNode root = JSON.readTree(in);
      return new ApiDescription(root.at("/info/title").asText(file), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A call from its parts; {@code rawQuery} and a form body are URL-encoded as sent. */
  public static Call call(
      String method,
      String path,
      String rawQuery,
      String authorization,
      String contentType,
      String body) {
    return new Call(
        method,
        path,
        parseForm(rawQuery),
        authorization,
        contentType == null ? "" : contentType,
        body == null ? "" : body);
  }

  /** What in {@code call} the description does not allow; empty when it is all allowed. */
  public List<String> check(Call call) {
    List<String> problems = new ArrayList<>();
    Operation operation = find(call.method(), call.path());
    if (operation == null) {
      problems.add(call.name() + ": " + title + " describes no such operation");
      return problems;
    }
    Map<String, List<String>> arguments = new LinkedHashMap<>(call.query());
    boolean form = call.contentType().startsWith("application/x-www-form-urlencoded");
    if (swagger2 && form) {
      arguments.putAll(parseForm(call.body()));
    }
    List<JsonNode> parameters = parameters(operation);
    List<String> known = new ArrayList<>();
    for (JsonNode parameter : parameters) {
      String in = parameter.path("in").asText();
      String name = parameter.path("name").asText();
      if (in.equals("path") || in.equals("header") && !name.equals("token")) {
        continue;
      }
      known.add(name);
      List<String> values = arguments.get(name);
      boolean bearer =
          name.equals("token") && swagger2 && call.authorization().startsWith("Bearer ");
      if (values == null) {
        if (parameter.path("required").asBoolean() && !bearer) {
          problems.add(call.name() + ": the required " + in + " parameter " + name + " is missing");
        }
        continue;
      }
      JsonNode schema = swagger2 ? parameter : resolve(parameter.path("schema"));
      JsonNode listed = operation.node().path("x-enum-lists").get(name);
      for (String value : values) {
        if (listed != null) {
          for (String item : value.split(",")) {
            if (!contains(listed, item)) {
              problems.add(
                  call.name() + ": " + name + "=" + item + " is not one of " + listed.toString());
            }
          }
        } else {
          scalar(call.name() + ": parameter " + name, value, schema, problems);
        }
      }
    }
    for (String name : arguments.keySet()) {
      if (!known.contains(name)) {
        problems.add(call.name() + ": sends " + name + ", which " + title + " does not name");
      }
    }
    if (!swagger2) {
      body(call, operation, problems);
    }
    return problems;
  }

  /** What in an answer with {@code status} and {@code body} the description does not allow. */
  public List<String> checkAnswer(String method, String path, int status, String body) {
    List<String> problems = new ArrayList<>();
    String call = method + " " + path;
    Operation operation = find(method, path);
    if (operation == null) {
      problems.add(call + ": " + title + " describes no such operation");
      return problems;
    }
    JsonNode tree;
    try {
      tree = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException e) {
      problems.add(call + ": the answer is not JSON");
      return problems;
    }
    JsonNode responses = operation.node().path("responses");
    String key = String.valueOf(status);
    if (swagger2 && tree != null && !tree.path("ok").asBoolean(true)) {
      key = "default";
    }
    JsonNode response = responses.get(key);
    if (response == null) {
      response = responses.get(key.charAt(0) + "XX");
    }
    if (response == null) {
      response = responses.get("default");
    }
    if (response == null) {
      problems.add(call + ": " + title + " lists no answer " + status + " for it");
      return problems;
    }
    response = resolve(response);
    JsonNode schema =
        swagger2
            ? response.get("schema")
            : response.path("content").path("application/json").get("schema");
    if (schema != null && tree != null) {
      schemas.validate(tree, schema, call + " answer " + status, false, problems);
    }
    return problems;
  }

  private void body(Call call, Operation operation, List<String> problems) {
    JsonNode requestBody = resolve(operation.node().path("requestBody"));
    boolean empty = call.body().isBlank() || call.body().strip().equals("{}");
    if (requestBody.isMissingNode()) {
      if (!empty) {
        problems.add(call.name() + ": sends a body, and " + title + " describes none");
      }
      return;
    }
    if (call.body().isBlank()) {
      if (requestBody.path("required").asBoolean()) {
        problems.add(call.name() + ": the required body is missing");
      }
      return;
    }
    if (!call.contentType().startsWith("application/json")) {
      return; // multipart (files): its payload_json is checked where a test sends one as JSON
    }
    JsonNode schema = requestBody.path("content").path("application/json").path("schema");
    try {
      schemas.validate(JSON.readTree(call.body()), schema, call.name() + " body", true, problems);
    } catch (IOException e) {
      problems.add(call.name() + ": the body is not JSON");
    }
  }

  /** A query or form value against a parameter's type and enum. */
  private void scalar(String where, String value, JsonNode schema, List<String> problems) {
    schema = resolve(schema);
    String type = schema.path("type").asText("");
    boolean ok =
        switch (type) {
          case "integer" -> value.matches("-?\\d+");
          case "number" -> value.matches("-?\\d+(\\.\\d+)?");
          // Slack's forms write booleans as 1 and 0, which it documents as accepted.
          case "boolean" ->
              value.equals("true")
                  || value.equals("false")
                  || swagger2 && (value.equals("1") || value.equals("0"));
          default -> true;
        };
    if (!ok) {
      problems.add(where + " = " + value + " is not " + type);
    }
    JsonNode values = schema.has("enum") ? schema.get("enum") : schema.path("items").path("enum");
    if (values.isArray() && !values.isEmpty() && !contains(values, value)) {
      problems.add(where + " = " + value + " is not one of " + values);
    }
  }

  private static boolean contains(JsonNode values, String value) {
    for (JsonNode v : values) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private Operation find(String method, String path) {
    String verb = method.toLowerCase(java.util.Locale.ROOT);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String regex = "\\Q" + entry.getKey().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
      if (!Pattern.matches(regex, path)) {
        continue;
      }
      JsonNode node = entry.getValue().get(verb);
      if (node == null && swagger2 && verb.equals("post")) {
        node = entry.getValue().get("get"); // Slack takes every method as a form POST
      }
      if (node != null) {
        return new Operation(entry.getKey(), node, entry.getValue());
      }
    }
    return null;
  }

  private List<JsonNode> parameters(Operation operation) {
    List<JsonNode> all = new ArrayList<>();
    operation.pathItem().path("parameters").forEach(p -> all.add(resolve(p)));
    operation.node().path("parameters").forEach(p -> all.add(resolve(p)));
    return all;
  }

  private JsonNode resolve(JsonNode node) {
    while (node != null && node.has("$ref")) {
      node = root.at(node.get("$ref").asText().substring(1));
    }
    return node == null ? JSON.missingNode() : node;
  }

  private static Map<String, List<String>> parseForm(String encoded) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isBlank()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return values;
  }
}
