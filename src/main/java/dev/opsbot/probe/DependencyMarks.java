package dev.opsbot.probe;

import dev.opsbot.config.DependencyGraph;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Why a service that is not up may not be at fault: "backend is down" when a service or database it
 * depends on (directly or through others) is down too. Names the root causes, the down dependencies
 * none of whose own dependencies are down.
 */
final class DependencyMarks {
  private final DependencyGraph graph;

  DependencyMarks(DependencyGraph graph) {
    this.graph = graph;
  }

  /**
   * @param status each subject's status, as shown
   * @return the mark for {@code subject}, when it is not up and a dependency of it is down
   */
  Optional<String> mark(String subject, Map<String, ProbeStatus> status) {
    if (status.get(subject) == null || status.get(subject) == ProbeStatus.UP) {
      return Optional.empty();
    }
    List<String> dependencies = graph.dependencies(subject);
    Set<String> down =
        dependencies.stream()
            .filter(d -> status.get(d) == ProbeStatus.DOWN)
            .collect(Collectors.toSet());
    List<String> roots =
        dependencies.stream()
            .filter(down::contains)
            .filter(d -> graph.dependencies(d).stream().noneMatch(down::contains))
            .toList();
    if (roots.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(" and ", roots) + (roots.size() == 1 ? " is" : " are") + " down");
  }

  /** "DOWN - backend is down", or the status alone. */
  String status(String subject, ProbeStatus shown, Map<String, ProbeStatus> status) {
    return shown.name() + mark(subject, status).map(m -> " - " + m).orElse("");
  }

  /** The subjects a service's mark reads: everything it depends on. */
  List<String> dependencies(String subject) {
    return graph.dependencies(subject);
  }
}
