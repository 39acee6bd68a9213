package dev.opsbot.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks {@code intake}: source names, kinds, authentication, mappings and routes. */
final class IntakeValidator {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern POINTER = Pattern.compile("(/[^/]*)*");

  private IntakeValidator() {}

  static void validate(IntakeSettings intake, ConfigProblems report) {
    report.atLeast("intake.maxBodyKib", intake.maxBodyKib(), 1);
    report.positive("intake.ackSilence", intake.ackSilence());
    if (!intake.alertmanagerUrl().isEmpty()) {
      report.url("intake.alertmanagerUrl", intake.alertmanagerUrl());
    }
    intake.sources().forEach((name, source) -> source(name, source, report));
    Set<String> routes = new HashSet<>();
    for (int i = 0; i < intake.routes().size(); i++) {
      IntakeSettings.IntakeRoute route = intake.routes().get(i);
      String path = "intake.routes[" + i + "]";
      if (route == null) {
        report.problem(path, "empty entry: give the route a name and a channel or policy");
      } else if (route.name() == null || !NAME.matcher(route.name()).matches()) {
        report.problem(
            path + ".name",
            "'"
                + route.name()
                + "' is not a usable route name: lower-case letters, digits and dashes, such as"
                + " team-db");
      } else if (!routes.add(route.name())) {
        report.problem(path + ".name", "duplicate route '" + route.name() + "': names are unique");
      }
    }
  }

  private static void source(String name, IntakeSource source, ConfigProblems report) {
    String path = "intake.sources." + name;
    if (!NAME.matcher(name).matches()) {
      report.problem(
          path,
          "'" + name + "' is not a usable source name: lower-case letters, digits and dashes");
    }
    if (source == null) {
      report.problem(path, "empty entry: give the source a kind and a token");
      return;
    }
    if (!Set.of("alertmanager", "webhook").contains(source.kind())) {
      report.problem(
          path + ".kind", "unknown kind '" + source.kind() + "': use alertmanager or webhook");
    }
    if (!Set.of("bearer", "hmac").contains(source.auth())) {
      report.problem(path + ".auth", "unknown auth '" + source.auth() + "': use bearer or hmac");
    }
    // An empty token turns the source off (start-up says so); it is not an error.
    if (source.token() != null && source.token().controlCharacter().isPresent()) {
      report.problem(
          path + ".token",
          "the token has " + source.token().controlCharacter().get() + ": set it without one");
    }
    severities(path, source, report);
    if (source.kind().equals("webhook")) {
      mapping(path + ".mapping", source.mapping(), report);
    }
  }

  private static void severities(String path, IntakeSource source, ConfigProblems report) {
    List<String> ids = Severity.ids();
    source
        .severities()
        .forEach((from, to) -> {
          if (!ids.contains(to)) {
            report.problem(
                path + ".severities." + from,
                "unknown severity '" + to + "': use one of " + String.join(", ", ids));
          }
        });
    if (!ids.contains(source.defaultSeverity())) {
      report.problem(
          path + ".defaultSeverity",
          "unknown severity '"
              + source.defaultSeverity()
              + "': use one of "
              + String.join(", ", ids));
    }
  }

  private static void mapping(
      String path, IntakeSource.IntakeMapping mapping, ConfigProblems report) {
    if (mapping == null) {
      report.problem(
          path,
          "required for kind webhook: JSON pointers for title, dedupKey (and severity, service,"
              + " status), such as title: [/title]");
      return;
    }
    if (mapping.title().isEmpty()) {
      report.problem(path + ".title", "required: where the title is, such as [/title]");
    }
    if (mapping.dedupKey().isEmpty()) {
      report.problem(path + ".dedupKey", "required: what identifies an alert, such as [/id]");
    }
    Map<String, List<String>> lists =
        Map.of(
            "title", mapping.title(),
            "severity", mapping.severity(),
            "service", mapping.service(),
            "dedupKey", mapping.dedupKey(),
            "status", mapping.status());
    lists.forEach((key, pointers) -> {
      for (int i = 0; i < pointers.size(); i++) {
        pointer(path + "." + key + "[" + i + "]", pointers.get(i), report);
      }
    });
    pointer(path + ".alerts", mapping.alerts(), report);
    pointer(path + ".labels", mapping.labels(), report);
  }

  private static void pointer(String path, String pointer, ConfigProblems report) {
    if (pointer != null && !POINTER.matcher(pointer).matches()) {
      report.problem(
          path, "'" + pointer + "' is not a JSON pointer: start it with /, such as /alert/title");
    }
  }
}
