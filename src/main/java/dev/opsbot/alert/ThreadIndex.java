package dev.opsbot.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desk's view of open alerts: which stored alert is open for each rule and service, which
 * thread shows it and where it stands there, and which alerts joined a thread since its parent was
 * last edited. Alerts of one rule and channel that fire within groupWithin of the thread's first
 * share its thread. Every map is kept in step here; touched only on the desk's thread.
 */
final class ThreadIndex {
  private final Duration groupWithin;
  private final Map<AlertKey, Long> openIds = new HashMap<>();
  private final Map<Long, Long> threadOf = new HashMap<>();
  private final Map<Long, AlertThread> threads = new LinkedHashMap<>();
  private final Map<Long, Instant> valuePostedAt = new HashMap<>();
  private final Map<Long, List<Incident>> joins = new LinkedHashMap<>();

  ThreadIndex(Duration groupWithin) {
    this.groupWithin = groupWithin;
  }

  /** The stored alert open for {@code key}, shown in a thread or still pending. */
  Optional<Long> openId(AlertKey key) {
    return Optional.ofNullable(openIds.get(key));
  }

  /** The open alert of {@code key} if a thread shows it (it has fired). */
  Optional<Long> shownId(AlertKey key) {
    return openId(key).filter(threadOf::containsKey);
  }

  void opened(AlertKey key, long id) {
    openIds.put(key, id);
  }

  /** Forgets a pending alert that never fired; its id, if one was open. */
  Optional<Long> cancelled(AlertKey key) {
    return Optional.ofNullable(openIds.remove(key));
  }

  boolean shown(long alertId) {
    return threadOf.containsKey(alertId);
  }

  Incident incident(long alertId) {
    return entry(alertId).incident();
  }

  AlertThread.Standing standing(long alertId) {
    return entry(alertId).standing();
  }

  /** The thread {@code threadId}, null when this replica shows none by that id. */
  AlertThread threads(long threadId) {
    return threads.get(threadId);
  }

  /** The thread that shows a fired alert. */
  AlertThread threadOf(long alertId) {
    return threads.get(threadOf.get(alertId));
  }

  private AlertThread.Entry entry(long alertId) {
    return threadOf(alertId).entries().stream()
        .filter(e -> e.incident().id() == alertId)
        .findFirst()
        .orElseThrow();
  }

  /**
   * The alerts a person's response to {@code id} acts on: every open alert of the thread {@code id}
   * when {@code wholeThread} (a parent's button), else the alert {@code id} if it is open and
   * shown. Empty when there is none.
   */
  List<Long> targets(long id, boolean wholeThread) {
    AlertThread thread = threads.get(id);
    if (wholeThread && thread != null) {
      return thread.entries().stream()
          .filter(e -> e.standing().status().open())
          .map(e -> e.incident().id())
          .toList();
    }
    return threadOf.containsKey(id) ? List.of(id) : List.of();
  }

  /** An open thread of the same rule and channel whose first alert fired within groupWithin. */
  Optional<AlertThread> threadToJoin(Incident incident) {
    if (groupWithin.isZero()) {
      return Optional.empty();
    }
    return threads.values().stream()
        .filter(t -> t.lead().rule().id().equals(incident.rule().id()))
        .filter(t -> t.channel().equals(incident.channel()))
        .filter(t -> !t.allResolved())
        .filter(t -> !incident.firedAt().isAfter(t.lead().firedAt().plus(groupWithin)))
        .findFirst();
  }

  /**
   * Shows {@code incident} in the thread {@code threadId}, opening the thread (in {@code channel})
   * when it is the first; an alert the thread lists already gets its entry replaced.
   */
  AlertThread show(
      Incident incident, long threadId, String channel, AlertThread.Standing standing) {
    threadOf.put(incident.id(), threadId);
    return threads.merge(
        threadId,
        new AlertThread(threadId, channel, List.of(new AlertThread.Entry(incident, standing))),
        (existing, added) -> existing.with(incident, standing));
  }

  /** Moves a shown alert out of its thread into {@code threadId} (its own, or another's). */
  AlertThread move(
      Incident incident, long threadId, String channel, AlertThread.Standing standing) {
    Long from = threadOf.get(incident.id());
    AlertThread old = from == null ? null : threads.get(from);
    if (old != null) {
      List<AlertThread.Entry> rest =
          old.entries().stream().filter(e -> e.incident().id() != incident.id()).toList();
      if (rest.stream().allMatch(e -> e.standing() instanceof AlertThread.Standing.Resolved)) {
        threads.remove(from);
        rest.forEach(e -> threadOf.remove(e.incident().id()));
      } else {
        threads.put(from, new AlertThread(from, old.channel(), rest));
      }
    }
    threadOf.remove(incident.id());
    return show(incident, threadId, channel, standing);
  }

  /** Records where a shown alert stands now (and its latest value); the thread as it is after. */
  AlertThread update(Incident incident, AlertThread.Standing standing) {
    long threadId = threadOf.get(incident.id());
    AlertThread thread = threads.get(threadId).with(incident, standing);
    threads.put(threadId, thread);
    return thread;
  }

  /** An alert joined a thread it does not lead: said at the next tick, with any others. */
  void joined(long threadId, Incident incident) {
    joins.computeIfAbsent(threadId, t -> new ArrayList<>()).add(incident);
  }

  /** The alerts that joined each thread since the last call, by thread. */
  Map<AlertThread, List<Incident>> takeJoins() {
    Map<AlertThread, List<Incident>> taken = new LinkedHashMap<>();
    joins.forEach((threadId, joined) -> {
      AlertThread thread = threads.get(threadId);
      if (thread != null) {
        taken.put(thread, joined);
      }
    });
    joins.clear();
    return taken;
  }

  /** Whether a changed value of an alert may be posted at {@code now}, given the last post. */
  boolean valueUpdateDue(long alertId, Instant now, Duration every) {
    Instant last = valuePostedAt.get(alertId);
    return last == null || !now.isBefore(last.plus(every));
  }

  void valuePosted(long alertId, Instant at) {
    valuePostedAt.put(alertId, at);
  }

  /** Forgets a resolved alert, and its thread once every alert of it is resolved. */
  void forget(long alertId, AlertKey key) {
    openIds.remove(key);
    valuePostedAt.remove(alertId);
    Long threadId = threadOf.remove(alertId);
    if (threadId != null) {
      AlertThread thread = threads.get(threadId);
      if (thread != null && thread.allResolved()) {
        threads.remove(threadId);
        thread.entries().forEach(e -> threadOf.remove(e.incident().id()));
      }
    }
  }
}
