package dev.opsbot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string of a parsed configuration.
 *
 * <p>A variable that is not set may instead name a file through {@code VAR_FILE} (the Docker and
 * Kubernetes secrets convention); the file's content, trimmed, is the value: the newline an editor
 * or {@code echo} leaves at its end (CR LF included) is not part of a secret. A variable's own
 * value is taken as it is; a secret with a control character in it is refused by the loader, naming
 * the variable.
 */
final class EnvInterpolator {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;
  private final Map<String, List<String>> sources = new java.util.HashMap<>();

  EnvInterpolator(Map<String, String> env) {
    this.env = env;
  }

  /** The variables each value was made from, by path: so a problem can name them. */
  Map<String, List<String>> sources() {
    return sources;
  }

  void interpolate(JsonNode node, String path, Consumer<Problem> problems, String file) {
    if (node instanceof ObjectNode object) {
      List<String> names = new java.util.ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode child = object.get(name);
        String childPath = path.isEmpty() ? name : path + "." + name;
        if (child.isTextual()) {
          object.set(name, resolve(child.textValue(), childPath, problems, file));
        } else {
          interpolate(child, childPath, problems, file);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        String childPath = path + "[" + i + "]";
        if (child.isTextual()) {
          array.set(i, resolve(child.textValue(), childPath, problems, file));
        } else {
          interpolate(child, childPath, problems, file);
        }
      }
    }
  }

  private TextNode resolve(String text, String path, Consumer<Problem> problems, String file) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String fallback = matcher.group(2);
      sources.computeIfAbsent(path, p -> new java.util.ArrayList<>()).add(name);
      String value = lookup(name, path, problems, file);
      if (value == null) {
        value = fallback;
      }
      if (value == null) {
        problems.accept(
            new Problem(
                file,
                path,
                "environment variable "
                    + name
                    + " is not set: export it (or "
                    + name
                    + "_FILE with the path of a file holding it), or give a default as ${"
                    + name
                    + ":-value}"));
        value = "";
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    return TextNode.valueOf(result.toString());
  }

  private String lookup(String name, String path, Consumer<Problem> problems, String file) {
    String value = env.get(name);
    if (value != null) {
      return value;
    }
    String secretFile = env.get(name + "_FILE");
    if (secretFile == null) {
      return null;
    }
    try {
      return Files.readString(Path.of(secretFile)).trim();
    } catch (IOException e) {
      problems.accept(
          new Problem(
              file,
              path,
              name
                  + "_FILE names "
                  + secretFile
                  + ", which cannot be read ("
                  + e.getClass().getSimpleName()
                  + "): check the path and its permissions"));
      return "";
    }
  }
}
