package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state database's part of a probe round's fires, done for the whole round at once before its
 * transitions are applied one by one: the pending-to-firing moves in one transaction ({@link
 * RoundFireStore}), the silences' hold in one statement, the down dependencies in one query ({@link
 * DependencyFolding#beginRound}). {@link StoreThenPost} takes each alert's answer from here, once;
 * an alert not here (or a round whose batch failed) goes the way of a single transition, which
 * finds what the batch stored and does not store it again. Touched only on the desk's thread.
 */
final class RoundBatch {
  private final RoundFireStore fires;
  private final DependencyFolding folding;
  private final ThreadIndex index;
  private final Map<String, AlertRule> rulesById;
  private final Clock clock;
  private final Map<Long, AlertMove> fired = new HashMap<>();
  private final Map<Long, Boolean> silenced = new HashMap<>();

  RoundBatch(
      RoundFireStore fires,
      DependencyFolding folding,
      ThreadIndex index,
      Map<String, AlertRule> rulesById,
      Clock clock) {
    this.fires = fires;
    this.folding = folding;
    this.index = index;
    this.rulesById = rulesById;
    this.clock = clock;
  }

  /** A probe round's {@code events} in the order to apply them: root causes first. */
  List<AlertEvent> rootsFirst(List<AlertEvent> events) {
    return folding.rootsFirst(events);
  }

  /** The round's events cut where the number of dependencies changes (see {@link #rootsFirst}). */
  List<List<AlertEvent>> levels(List<AlertEvent> ordered) {
    List<List<AlertEvent>> levels = new ArrayList<>();
    int last = -1;
    for (AlertEvent event : ordered) {
      int level = folding.level(event.key());
      if (levels.isEmpty() || level != last) {
        levels.add(new ArrayList<>());
        last = level;
      }
      levels.getLast().add(event);
    }
    return levels;
  }

  /**
   * Stores the fires of {@code events} (pending alerts this desk opened) and reads what their
   * placement needs.
   *
   * @throws dev.opsbot.state.StateUnavailableException when the database cannot take it: what was
   *     not done here is done one transition at a time
   */
  void begin(List<AlertEvent> events) {
    List<RoundFireStore.Firing> firings = new ArrayList<>();
    List<AlertKey> keys = new ArrayList<>();
    for (AlertEvent event : events) {
      if (!(event instanceof AlertEvent.Fired f)) {
        continue;
      }
      keys.add(f.key());
      Optional<Long> id = index.openId(f.key());
      AlertRule rule = rulesById.get(f.key().ruleId());
      if (id.isPresent() && rule != null) {
        firings.add(
            new RoundFireStore.Firing(
                id.get(), AlertStore.WhatFired.of(f, rule), f.at(), "held for " + rule.holdFor()));
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    fired.putAll(fires.fireAll(firings));
    Set<Long> unplaced = new HashSet<>();
    fired.forEach((id, move) -> {
      if (move.alert().incidentId() == null) {
        unplaced.add(id);
      }
    });
    Set<Long> held = fires.holdSilenced(unplaced, clock.instant());
    unplaced.forEach(id -> silenced.put(id, held.contains(id)));
    folding.beginRound(keys);
  }

  /**
   * Before the round's events of one level of dependents are applied: folds ahead, at once, those
   * whose fire the round stored and no silence holds ({@link DependencyFolding#foldAhead}).
   */
  void foldAhead(List<AlertEvent> level) {
    Map<AlertKey, Long> unplaced = new java.util.LinkedHashMap<>();
    for (AlertEvent event : level) {
      if (event instanceof AlertEvent.Fired f) {
        index
            .openId(f.key())
            .filter(id -> fired.containsKey(id) && fired.get(id).alert().incidentId() == null)
            .filter(id -> Boolean.FALSE.equals(silenced.get(id)))
            .ifPresent(id -> unplaced.put(f.key(), id));
      }
    }
    if (!unplaced.isEmpty()) {
      folding.foldAhead(unplaced, clock.instant());
    }
  }

  /** The alert's fire as the round stored it: the row as it is now; empty when not in the round. */
  Optional<AlertMove> fired(long id) {
    return Optional.ofNullable(fired.remove(id));
  }

  /** Whether a silence held the alert back, when the round asked; empty when it did not. */
  Optional<Boolean> silenced(long id) {
    return Optional.ofNullable(silenced.remove(id));
  }

  void end() {
    fired.clear();
    silenced.clear();
    folding.endRound();
  }
}
