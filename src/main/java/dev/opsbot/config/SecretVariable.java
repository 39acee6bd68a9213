package dev.opsbot.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A secret read straight from the environment (the chat tokens), the way the configuration reads
 * one: {@code NAME}, else the file {@code NAME_FILE} names, its content trimmed (the newline an
 * editor leaves, CR LF included, is not part of a secret); a value with a control character is
 * refused with a problem naming the variable, never quoting the value.
 *
 * @param given whether {@code NAME} or {@code NAME_FILE} is set at all
 * @param value the usable value; null when not given, unreadable or refused
 */
public record SecretVariable(String name, boolean given, String value) {

  public static SecretVariable read(
      Map<String, String> env, String name, String source, List<Problem> problems) {
    String value = env.get(name);
    String file = env.get(name + "_FILE");
    String from = name;
    if (blank(value)) {
      if (blank(file)) {
        return new SecretVariable(name, false, null);
      }
      from = name + "_FILE";
      try {
        value = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        problems.add(
            new Problem(
                source,
                from,
                "cannot read "
                    + file
                    + " ("
                    + e.getClass().getSimpleName()
                    + "): check the path and its permissions"));
        return new SecretVariable(name, true, null);
      }
      if (value.isEmpty()) {
        problems.add(new Problem(source, from, "names " + file + ", which is empty"));
        return new SecretVariable(name, true, null);
      }
    }
    String what = Secret.of(value).controlCharacter().orElse(null);
    if (what != null) {
      problems.add(new Problem(source, from, "holds " + refusal(what)));
      return new SecretVariable(name, true, null);
    }
    return new SecretVariable(name, true, value);
  }

  /** Why a value with a control character is refused, and what to do about it. */
  static String refusal(String what) {
    String hint =
        what.startsWith("a carriage return") && what.endsWith("at the end")
            ? "an env file saved with Windows line endings (CRLF) leaves one: save it with LF"
                + " endings"
            : "remove it";
    return what + ", which no header or password may contain: " + hint;
  }

  /** True when the variable was given and its value is usable (never blank then). */
  public boolean usable() {
    return value != null;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  @Override
  public String toString() {
    return "SecretVariable[" + name + (given ? ", given" : ", not given") + "]";
  }
}
