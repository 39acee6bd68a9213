package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.state.StateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the DOWN alert of a service into the alert of a dependency that is down (directly or
 * through others): it is listed in the dependency's thread ("Also affected: erp, mrg") and pages no
 * one. Once the dependency's alert is resolved and the dependent is still down, the dependent gets
 * a thread of its own and pages as any alert. Every decision reads and writes the state database
 * ({@link FoldStore}), so replicas fold alike; touched only on the desk's thread.
 */
final class DependencyFolding {
  private static final Logger log = LoggerFactory.getLogger(DependencyFolding.class);

  private final DependencyGraph graph;
  private final Set<String> downRules;
  private final FoldStore store;
  private final ThreadIndex index;
  private final AlertMessages messages;
  private final Map<String, AlertRule> rulesById;
  private final AlertBoard board;
  private final Map<Long, List<Incident>> affected = new LinkedHashMap<>();
  // Fired alerts not yet placed: a dependency is failing here and about to fire (same round).
  private final Map<AlertKey, Held> held = new LinkedHashMap<>();

  private record Held(AlertEvent.Fired fired, Instant until) {}

  // During a probe round: the open, shown DOWN alerts among the dependencies of its alerts,
  // earliest
  // fired first, read once and kept up to date with what this desk places and resolves meanwhile.
  private List<FoldStore.FiredRoot> roundRoots;
  // Placements made ahead for the alerts of the round's next level of dependents (foldAhead).
  private final Map<Long, FoldStore.Placement> foldedAhead = new java.util.HashMap<>();

  DependencyFolding(
      DependencyGraph graph,
      AlertRules rules,
      Map<String, AlertRule> rulesById,
      FoldStore store,
      ThreadIndex index,
      AlertMessages messages,
      AlertBoard board) {
    this.board = board;
    this.graph = graph;
    this.downRules =
        rules.effectiveRules().stream()
            .filter(r -> r.when().onStatus() && "DOWN".equalsIgnoreCase(r.when().status().trim()))
            .map(AlertRule::id)
            .collect(Collectors.toUnmodifiableSet());
    this.rulesById = rulesById;
    this.store = store;
    this.index = index;
    this.messages = messages;
  }

  private boolean active(AlertKey key) {
    return downRules.contains(key.ruleId()) && graph.hasDependencies();
  }

  /**
   * Places a fired alert not yet placed in the thread of a down dependency's alert, when there is
   * one; empty when it is to be placed as usual.
   */
  Optional<FoldStore.Placement> fold(long id, AlertKey key) {
    if (!active(key)) {
      return Optional.empty();
    }
    FoldStore.Placement ahead = foldedAhead.remove(id);
    if (ahead != null) {
      return Optional.of(ahead);
    }
    List<String> dependencies = graph.dependencies(key.service());
    Optional<FoldStore.Root> root = roundRoot(dependencies);
    if (root.isEmpty()) {
      root = store.downAmong(dependencies, downRules); // placed by another replica meanwhile?
    }
    return root.map(r -> store.fold(id, r));
  }

  /**
   * The events of a probe round, the services others depend on first (fewest dependencies first, in
   * order otherwise), so a root cause's alert is placed, and paged for, before its dependents,
   * which then fold into it at once rather than wait for a tick.
   */
  List<AlertEvent> rootsFirst(List<AlertEvent> events) {
    if (events.size() < 2 || !graph.hasDependencies()) {
      return events;
    }
    Map<String, Integer> depth = new java.util.HashMap<>();
    List<AlertEvent> sorted = new ArrayList<>(events);
    sorted.sort(
        Comparator.comparingInt(
            e -> depth.computeIfAbsent(e.key().service(), s -> graph.dependencies(s).size())));
    return sorted;
  }

  /**
   * Reads, in one query, the down dependencies of the DOWN alerts a probe round fires: {@link
   * #fold} looks there first, and asks the database only about a service not found.
   */
  void beginRound(List<AlertKey> firing) {
    Set<String> dependencies = new java.util.LinkedHashSet<>();
    for (AlertKey key : firing) {
      if (active(key)) {
        dependencies.addAll(graph.dependencies(key.service()));
      }
    }
    roundRoots =
        dependencies.isEmpty() ? null : new ArrayList<>(store.downAll(dependencies, downRules));
  }

  void endRound() {
    roundRoots = null;
    foldedAhead.clear();
  }

  private Optional<FoldStore.Root> roundRoot(List<String> dependencies) {
    if (roundRoots == null) {
      return Optional.empty();
    }
    return roundRoots.stream()
        .map(FoldStore.FiredRoot::root)
        .filter(root -> dependencies.contains(root.service()))
        .findFirst();
  }

  /** An alert this desk just placed (on its own or folded): a root for the rest of the round. */
  void shown(StoredAlert alert, long threadId, String channel) {
    if (roundRoots == null || alert.firedAt() == null || !downRules.contains(alert.ruleId())) {
      return;
    }
    forget(alert.id());
    FoldStore.FiredRoot root =
        new FoldStore.FiredRoot(
            new FoldStore.Root(alert.id(), alert.service(), threadId, channel), alert.firedAt());
    Comparator<FoldStore.FiredRoot> order =
        Comparator.comparing(FoldStore.FiredRoot::firedAt)
            .thenComparingLong(r -> r.root().alertId());
    int at = 0;
    while (at < roundRoots.size() && order.compare(roundRoots.get(at), root) < 0) {
      at++;
    }
    roundRoots.add(at, root);
  }

  /** An alert resolved during the round: no longer a root. */
  void forget(long id) {
    if (roundRoots != null) {
      roundRoots.removeIf(r -> r.root().alertId() == id);
    }
  }

  /**
   * Whether to hold a fired alert unplaced (unposted, unpaged) for now: a dependency of its service
   * is failing on this desk but its alert has not fired yet, as when a probe round's results arrive
   * dependents first. Held at most the rule's holdFor (a minute at least); {@link #released} hands
   * it back.
   */
  boolean hold(AlertEvent.Fired fired, AlertRule rule, Instant now) {
    if (!wouldHold(fired.key(), now)) {
      return false;
    }
    Duration longest = rule.holdFor().compareTo(MIN_HOLD) < 0 ? MIN_HOLD : rule.holdFor();
    held.putIfAbsent(fired.key(), new Held(fired, now.plus(longest)));
    return true;
  }

  private static final Duration MIN_HOLD = Duration.ofMinutes(1);

  private boolean wouldHold(AlertKey key, Instant now) {
    if (!active(key)) {
      return false;
    }
    Held already = held.get(key);
    if (already != null && now.isAfter(already.until())) {
      return false;
    }
    return dependencyAboutToFire(key.service());
  }

  /** The number {@link #rootsFirst} orders by: a service's dependencies come before it. */
  int level(AlertKey key) {
    return graph.hasDependencies() ? graph.dependencies(key.service()).size() : 0;
  }

  /**
   * Folds, in one statement, the unplaced alerts of one level of the round (all their dependencies
   * placed already, at lower levels) that {@link #fold} would fold into a root the round knows;
   * {@link #fold} then hands each its placement in effect. {@code unplaced} are their ids by key.
   */
  void foldAhead(Map<AlertKey, Long> unplaced, Instant now) {
    if (roundRoots == null) {
      return;
    }
    Map<Long, FoldStore.Root> folds = new LinkedHashMap<>();
    unplaced.forEach((key, id) -> {
      if (active(key) && !wouldHold(key, now)) {
        roundRoot(graph.dependencies(key.service())).ifPresent(root -> folds.put(id, root));
      }
    });
    foldedAhead.putAll(store.foldAll(folds));
  }

  private boolean dependencyAboutToFire(String service) {
    for (String dependency : graph.dependencies(service)) {
      for (String ruleId : downRules) {
        AlertKey key = new AlertKey(ruleId, dependency);
        Optional<AlertState> state = board.state(key);
        if (state.isPresent()
            && (state.get() instanceof AlertState.Pending || index.shownId(key).isEmpty())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The held alerts to place now (each is held again if its dependency is still about to fire). */
  List<AlertEvent.Fired> released() {
    List<AlertEvent.Fired> released = held.values().stream().map(Held::fired).toList();
    return released;
  }

  /** A held alert placed, or gone: no longer held. */
  void placed(AlertKey key) {
    held.remove(key);
  }

  /**
   * An alert placed on its own: the DOWN alerts of its dependents that fired just before it (the
   * same probe round, in another order) are folded into it before anyone is paged for them.
   */
  void placedOnItsOwn(long id, AlertKey key) {
    if (active(key)) {
      int adopted = store.adopt(id, graph.dependents(key.service()), downRules);
      if (adopted > 0) {
        log.info("event=alerts_folded root={} adopted={}", id, adopted);
      }
    }
  }

  /** A folded alert shown in its root's thread: announced with the others at the next tick. */
  void folded(long threadId, Incident incident) {
    affected.computeIfAbsent(threadId, t -> new ArrayList<>()).add(incident);
  }

  /** One edit and one reply per thread for the dependents folded into it since the last call. */
  List<OutboxItem> announcements() {
    List<OutboxItem> items = new ArrayList<>();
    affected.forEach((threadId, incidents) -> {
      AlertThread thread = index.threads(threadId);
      if (thread != null) {
        items.addAll(FoldWording.alsoAffected(messages, thread, incidents));
      }
    });
    affected.clear();
    return items;
  }

  /**
   * Gives each folded alert whose root is resolved, and which is still open, a thread of its own,
   * or folds it into another dependency still down. Nearest the root first, so a dependent of a
   * dependent follows the dependency's new thread.
   *
   * @return whether anything was enqueued
   */
  boolean unfoldRecovered(Instant now) {
    if (!graph.hasDependencies()) {
      return false;
    }
    boolean enqueued = false;
    try {
      List<FoldStore.Orphan> orphans = new ArrayList<>(store.orphans());
      orphans.sort(Comparator.comparingInt(o -> graph.dependencies(o.service()).size()));
      for (FoldStore.Orphan orphan : orphans) {
        enqueued |= unfold(orphan, now);
      }
    } catch (StateUnavailableException e) {
      log.warn("event=unfold_skipped reason=\"{}\" note=\"tried again next tick\"", e.getMessage());
    }
    return enqueued;
  }

  private boolean unfold(FoldStore.Orphan orphan, Instant now) {
    if (!index.shown(orphan.id())) {
      return false; // shown by another replica: that one moves it
    }
    Incident incident = index.incident(orphan.id());
    AlertThread.Standing standing = index.standing(orphan.id());
    AlertThread old = index.threadOf(orphan.id());
    Optional<FoldStore.Root> other =
        store
            .downAmong(graph.dependencies(orphan.service()), downRules)
            .filter(root -> root.alertId() != orphan.id());
    FoldStore.Placement placement =
        other
            .map(r -> new FoldStore.Placement(r.threadId(), r.channel(), r.alertId()))
            .orElse(new FoldStore.Placement(orphan.id(), incident.channel(), null));
    List<OutboxItem> items = new ArrayList<>();
    String recovered = rootService(old, orphan.rootId());
    AlertThread target = index.threads(placement.threadId());
    AlertThread moved =
        target != null
            ? target.with(incident, standing)
            : new AlertThread(
                placement.threadId(),
                placement.channel(),
                List.of(new AlertThread.Entry(incident, standing)));
    if (other.isPresent()) {
      items.addAll(FoldWording.alsoAffected(messages, moved, List.of(incident)));
    } else {
      AlertRule rule = rulesById.get(orphan.ruleId());
      AlertEvent.Fired fired =
          new AlertEvent.Fired(
              incident.key(),
              rule,
              incident.value(),
              incident.threshold(),
              incident.reason(),
              incident.since(),
              now);
      items.addAll(messages.messages(moved, incident, fired, now.toEpochMilli(), null));
    }
    items.add(FoldWording.onItsOwn(old, incident, recovered, other.map(FoldStore.Root::service)));
    AlertMove move = store.move(orphan.id(), orphan.rootId(), placement, now, items);
    // Moved here, or by another replica first: either way the database shows it there now.
    index.move(incident, placement.threadId(), placement.channel(), standing);
    log.info(
        "event=alert_unfolded alert={} root={} to={} here={}",
        orphan.id(),
        orphan.rootId(),
        placement.threadId(),
        move instanceof AlertMove.Moved);
    return move instanceof AlertMove.Moved;
  }

  private static String rootService(AlertThread thread, long rootId) {
    return thread.entries().stream()
        .filter(e -> e.incident().id() == rootId)
        .map(e -> e.incident().key().service())
        .findFirst()
        .orElse(thread.lead().key().service());
  }
}
