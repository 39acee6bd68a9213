package dev.opsbot.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks the configured maintenance windows: names, the services they cover, when they run. */
final class MaintenanceValidator {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private MaintenanceValidator() {}

  static void validate(OpsbotConfig config, ConfigProblems report) {
    Set<String> known = new TreeSet<>(config.databases().keySet());
    config.services().stream()
        .filter(s -> s != null && s.id() != null)
        .forEach(s -> known.add(s.id()));
    Set<String> names = new HashSet<>();
    List<MaintenanceWindow> windows = config.maintenance();
    for (int i = 0; i < windows.size(); i++) {
      MaintenanceWindow window = windows.get(i);
      String path = "maintenance[" + i + "]";
      if (window == null) {
        report.problem(
            path,
            "empty entry: give it a name, services and when, such as name: weekly-deploy,"
                + " services: [backend], when: every Sunday 02:00-03:00 Europe/Berlin");
        continue;
      }
      if (window.name() == null || window.name().isBlank()) {
        report.problem(path + ".name", "required key is missing: a short name like weekly-deploy");
      } else if (!NAME.matcher(window.name()).matches()) {
        report.problem(
            path + ".name",
            "'"
                + window.name()
                + "' is not a usable name: lower-case letters, digits and dashes, such as"
                + " weekly-deploy");
      } else if (!names.add(window.name())) {
        report.problem(
            path + ".name",
            "duplicate window name '" + window.name() + "': each window needs its own name");
      }
      services(window, path, known, report);
      try {
        MaintenanceWhen.parse(window.when());
      } catch (IllegalArgumentException e) {
        report.problem(path + ".when", e.getMessage());
      }
    }
  }

  private static void services(
      MaintenanceWindow window, String path, Set<String> known, ConfigProblems report) {
    if (window.services().isEmpty()) {
      report.problem(
          path + ".services",
          "required key is missing: the services it covers, such as [backend, erp]; one of "
              + known);
      return;
    }
    for (int j = 0; j < window.services().size(); j++) {
      String id = window.services().get(j);
      String at = path + ".services[" + j + "]";
      if (id == null || id.isBlank()) {
        report.problem(at, "empty entry: name a service id or a database id");
      } else if (!known.contains(id)) {
        report.problem(
            at,
            "no service or database '"
                + id
                + "'"
                + ClosestMatch.among(known, id).map(m -> " (did you mean '" + m + "'?)").orElse("")
                + ": use one of "
                + known);
      }
    }
  }
}
