package dev.opsbot.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks the services' {@code dependsOn}: every id is a service or a database, and no cycles. */
final class DependencyValidator {
  private DependencyValidator() {}

  static void validate(OpsbotConfig config, ConfigProblems report) {
    Set<String> known = new HashSet<>(config.databases().keySet());
    List<ServiceConfig> services = config.services();
    services.stream().filter(s -> s != null && s.id() != null).forEach(s -> known.add(s.id()));
    for (int i = 0; i < services.size(); i++) {
      ServiceConfig service = services.get(i);
      if (service == null) {
        continue;
      }
      for (int j = 0; j < service.dependsOn().size(); j++) {
        String dep = service.dependsOn().get(j);
        String path = "services[" + i + "].dependsOn[" + j + "]";
        if (dep == null || dep.isBlank()) {
          report.problem(path, "empty entry: name a service id or a database id");
        } else if (!known.contains(dep)) {
          report.problem(
              path,
              "no service or database '"
                  + dep
                  + "'"
                  + ClosestMatch.among(known, dep)
                      .map(m -> " (did you mean '" + m + "'?)")
                      .orElse("")
                  + ": use the ids under services: or databases:");
        }
      }
    }
    DependencyGraph.of(config)
        .cycle()
        .ifPresent(loop -> {
          String first = loop.get(0);
          int index = indexOf(services, first);
          report.problem(
              "services[" + index + "].dependsOn",
              "dependsOn cycle: "
                  + String.join(" -> ", loop)
                  + ": a service cannot depend on itself, even through others");
        });
  }

  private static int indexOf(List<ServiceConfig> services, String id) {
    for (int i = 0; i < services.size(); i++) {
      if (services.get(i) != null && id.equals(services.get(i).id())) {
        return i;
      }
    }
    return -1;
  }
}
