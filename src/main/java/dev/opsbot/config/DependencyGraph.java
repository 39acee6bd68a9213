package dev.opsbot.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each service of the fleet depends on, directly and through others: the nodes are service ids
 * and database ids, the edges the services' {@code dependsOn}. Built from a validated configuration
 * it has no cycles; {@link #cycle()} finds one in a configuration being checked.
 */
public final class DependencyGraph {
  private final Map<String, List<String>> direct;

  private DependencyGraph(Map<String, List<String>> direct) {
    this.direct = direct;
  }

  /** The graph of a configuration's services; entries naming nothing known are left out. */
  public static DependencyGraph of(OpsbotConfig config) {
    Set<String> known = new HashSet<>(config.databases().keySet());
    config.services().stream()
        .filter(s -> s != null && s.id() != null)
        .forEach(s -> known.add(s.id()));
    Map<String, List<String>> direct = new LinkedHashMap<>();
    for (ServiceConfig service : config.services()) {
      if (service == null || service.id() == null) {
        continue;
      }
      List<String> deps =
          service.dependsOn().stream()
              .filter(d -> d != null && known.contains(d))
              .distinct()
              .toList();
      direct.merge(service.id(), deps, (a, b) -> a);
    }
    return new DependencyGraph(direct);
  }

  /** A graph from explicit edges: each id to what it directly depends on. */
  public static DependencyGraph of(Map<String, ? extends Collection<String>> edges) {
    Map<String, List<String>> direct = new LinkedHashMap<>();
    edges.forEach((id, deps) -> direct.put(id, List.copyOf(new LinkedHashSet<>(deps))));
    return new DependencyGraph(direct);
  }

  public List<String> directDependencies(String id) {
    return direct.getOrDefault(id, List.of());
  }

  /** Everything {@code id} depends on, nearest first; never {@code id} itself. */
  public List<String> dependencies(String id) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(directDependencies(id));
    while (!queue.isEmpty()) {
      String next = queue.removeFirst();
      if (!next.equals(id) && seen.add(next)) {
        queue.addAll(directDependencies(next));
      }
    }
    return List.copyOf(seen);
  }

  /**
   * Every service that depends on {@code id}, directly or through others, in configuration order.
   */
  public List<String> dependents(String id) {
    List<String> found = new ArrayList<>();
    for (String service : direct.keySet()) {
      if (!service.equals(id) && dependencies(service).contains(id)) {
        found.add(service);
      }
    }
    return found;
  }

  public boolean hasDependencies() {
    return direct.values().stream().anyMatch(deps -> !deps.isEmpty());
  }

  /**
   * A cycle, when there is one, as the path that closes it: {@code [erp, backend, erp]}. The search
   * starts from the services in configuration order, so the same file names the same cycle each
   * time.
   */
  public Optional<List<String>> cycle() {
    Map<String, Mark> marks = new HashMap<>();
    for (String start : direct.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      Optional<List<String>> found = visit(start, marks, path);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private enum Mark {
    ON_PATH,
    DONE
  }

  private Optional<List<String>> visit(String id, Map<String, Mark> marks, Deque<String> path) {
    Mark mark = marks.get(id);
    if (mark == Mark.DONE) {
      return Optional.empty();
    }
    if (mark == Mark.ON_PATH) {
      List<String> onPath = new ArrayList<>(path);
      List<String> loop = new ArrayList<>(onPath.subList(onPath.indexOf(id), onPath.size()));
      loop.add(id);
      return Optional.of(loop);
    }
    marks.put(id, Mark.ON_PATH);
    path.addLast(id);
    for (String dep : directDependencies(id)) {
      Optional<List<String>> found = visit(dep, marks, path);
      if (found.isPresent()) {
        return found;
      }
    }
    path.removeLast();
    marks.put(id, Mark.DONE);
    return Optional.empty();
  }
}
