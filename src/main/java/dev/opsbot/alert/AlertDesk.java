package dev.opsbot.alert;

import dev.opsbot.state.StateUnavailableException;
import dev.opsbot.access.Caller;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.probe.ProbeListener;
import dev.opsbot.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alerts live while opsbot runs: probe results, the passing of time and people's responses
 * come in; every transition is stored in PostgreSQL and its messages enqueued in the outbox. All of
 * it happens on one thread of its own, so probing never waits for the database or for chat, and the
 * in-memory view (which alert is in which thread) needs no locking.
 */
public final class AlertDesk implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertDesk.class);
  private static final int QUEUE = 20_000;
  private static final int DEFERRED = 10_000;
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  /** How often the desk looks at the clock, how often a changing value may be posted. */
  public record Settings(Duration tickEvery, Duration valueUpdateEvery) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  private final AlertRules rules;
  private final Map<String, AlertRule> rulesById = new HashMap<>();
  private final Runbooks runbooks;
  private final AlertStore store;
  private final Outbox outbox;
  private final AlertMessages messages;
  private final Optional<String> escalationEmail;
  private final Clock clock;
  private final Settings settings;
  private final Runnable deliverSoon;

  private final AlertBoard board = new AlertBoard();
  private final RuleEvaluator evaluator;
  private final AlertTimers timers;
  private final AlertResponses responses;

  // Touched only on the desk's thread.
  private final Map<AlertKey, Long> openIds = new HashMap<>();
  private final Map<Long, Long> threadOf = new HashMap<>();
  private final Map<Long, AlertThread> threads = new LinkedHashMap<>();
  private final Map<Long, Instant> valuePostedAt = new HashMap<>();
  private final Map<Long, List<Incident>> joins = new LinkedHashMap<>();
  private final Deque<Pending> deferred = new ArrayDeque<>();

  private final ThreadPoolExecutor worker;
  private final ScheduledExecutorService ticker;
  private final AtomicLong droppedResults = new AtomicLong();

  /** A transition not yet stored (the database was down), with who caused it. */
  private record Pending(AlertEvent event, String displayName) {}

  /**
   * @param escalationEmail the outbox channel escalations are emailed to, if any
   * @param deliverSoon asks the outbox worker to send what was just enqueued
   */
  public AlertDesk(
      AlertRules rules,
      Runbooks runbooks,
      AlertStore store,
      Outbox outbox,
      AlertMessages messages,
      Optional<String> escalationEmail,
      Clock clock,
      Settings settings,
      Runnable deliverSoon) {
    this.rules = rules;
    rules.effectiveRules().forEach(rule -> rulesById.put(rule.id(), rule));
    this.runbooks = runbooks;
    this.store = store;
    this.outbox = outbox;
    this.messages = messages;
    this.escalationEmail = escalationEmail;
    this.clock = clock;
    this.settings = settings;
    this.deliverSoon = deliverSoon;
    this.evaluator = new RuleEvaluator(rules, board, clock);
    this.timers = new AlertTimers(board, clock);
    this.responses = new AlertResponses(board, clock);
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            Thread.ofPlatform().name("alerts").daemon().factory());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("alert-timer").daemon().factory());
  }

  /**
   * Picks up the alerts left open by an earlier run (or another replica), then starts the timer.
   */
  public void start() {
    await(() -> {
      resume();
      return null;
    });
    long every = settings.tickEvery().toMillis();
    ticker.scheduleWithFixedDelay(() -> submit(this::tick), every, every, TimeUnit.MILLISECONDS);
  }

  /** Hands probe results to the desk's thread; a full queue drops results, never blocks probing. */
  public ProbeListener listener() {
    return result -> {
      if (!submit(() -> evaluate(result))) {
        long dropped = droppedResults.incrementAndGet();
        if (dropped == 1 || dropped % 1000 == 0) {
          log.warn(
              "event=alert_queue_full dropped_results={} note=\"evaluation is behind; the next"
                  + " probe round brings these services back\"",
              dropped);
        }
      }
    };
  }

  private boolean submit(Runnable task) {
    try {
      worker.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("event=alert_desk_failed error=\"{}\"", e.toString(), e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void evaluate(ProbeResult result) {
    apply(evaluator.evaluate(result), null);
  }

  private void tick() {
    retryDeferred();
    announceJoins();
    apply(timers.tick(), null);
  }

  /** A tick now, on the desk's thread, waited for: the timer's work without waiting for it. */
  void tickNow() {
    await(() -> {
      tick();
      return null;
    });
  }

  /** What a person's acknowledge, snooze or resolve came to, in a line for them. */
  public record Response(boolean changed, String text) {}

  /** Acknowledges one alert ({@code /ack 12}). */
  public Response acknowledge(long alertId, Caller caller) {
    return respond(
        alertId, false, caller, "acknowledged", key -> responses.acknowledge(key, caller.userId()));
  }

  /** Snoozes one alert for {@code duration}. */
  public Response snooze(long alertId, Duration duration, Caller caller) {
    Instant until = clock.instant().plus(duration);
    return respond(
        alertId, false, caller, "snoozed", key -> responses.snooze(key, caller.userId(), until));
  }

  /** Resolves one alert by hand. */
  public Response resolve(long alertId, Caller caller) {
    return respond(
        alertId, false, caller, "resolved", key -> responses.resolve(key, caller.userId()));
  }

  /** A button of a parent message: acts on every open alert that parent lists. */
  public Response acknowledgeThread(long threadId, Caller caller) {
    return respond(
        threadId, true, caller, "acknowledged", key -> responses.acknowledge(key, caller.userId()));
  }

  public Response snoozeThread(long threadId, Duration duration, Caller caller) {
    Instant until = clock.instant().plus(duration);
    return respond(
        threadId, true, caller, "snoozed", key -> responses.snooze(key, caller.userId(), until));
  }

  public Response resolveThread(long threadId, Caller caller) {
    return respond(
        threadId, true, caller, "resolved", key -> responses.resolve(key, caller.userId()));
  }

  private interface Change {
    Optional<AlertEvent> apply(AlertKey key);
  }

  private Response respond(
      long id, boolean wholeThread, Caller caller, String verb, Change change) {
    return await(() -> {
      List<Long> targets = new ArrayList<>();
      AlertThread thread = threads.get(id);
      if (wholeThread && thread != null) {
        thread.entries().stream()
            .filter(e -> !(e.standing() instanceof AlertThread.Standing.Resolved))
            .forEach(e -> targets.add(e.incident().id()));
      } else if (threadOf.containsKey(id)) {
        targets.add(id);
      }
      if (targets.isEmpty()) {
        return new Response(false, notOpen(id));
      }
      List<String> changed = new ArrayList<>();
      for (long target : targets) {
        Incident incident = incident(target);
        Optional<AlertEvent> event = change.apply(incident.key());
        if (event.isPresent()) {
          apply(List.of(event.get()), caller.userName());
          changed.add(target + " (" + incident.key() + ")");
        }
      }
      if (changed.isEmpty()) {
        return new Response(
            false,
            "Nothing to do: alert " + id + " is " + describe(incident(targets.getFirst())) + ".");
      }
      return new Response(
          true,
          "You "
              + verb
              + " alert"
              + (changed.size() == 1 ? " " : "s ")
              + String.join(", ", changed)
              + ".");
    });
  }

  /** Why an id given by a person names no open alert, from the store when it knows. */
  private String notOpen(long id) {
    try {
      Optional<StoredAlert> stored = store.find(id);
      if (stored.isEmpty()) {
        return "There is no alert " + id + ": /alerts lists the open ones.";
      }
      StoredAlert alert = stored.get();
      if (alert.state() == StoredAlertState.RESOLVED) {
        return "Alert "
            + id
            + " ("
            + alert.ruleId()
            + " on "
            + alert.service()
            + ") is already resolved"
            + (alert.resolvedBy() == null ? "" : " by " + alert.resolvedBy())
            + ".";
      }
      return "Alert " + id + " has not fired yet (" + alert.state().id() + ").";
    } catch (StateUnavailableException e) {
      return "Alert "
          + id
          + " is not open here, and the state database can't say more: "
          + e.getMessage();
    }
  }

  private String describe(Incident incident) {
    return switch (standing(incident.id())) {
      case AlertThread.Standing.Acknowledged ack -> "acknowledged by " + ack.by();
      case AlertThread.Standing.Snoozed snoozed -> "snoozed";
      case AlertThread.Standing.Resolved resolved -> "resolved";
      case AlertThread.Standing.Firing firing -> "firing";
    };
  }

  private Incident incident(long alertId) {
    AlertThread thread = threads.get(threadOf.get(alertId));
    return thread.entries().stream()
        .filter(e -> e.incident().id() == alertId)
        .findFirst()
        .orElseThrow()
        .incident();
  }

  /** Runs {@code task} on the desk's thread and waits for it. */
  private <T> T await(Callable<T> task) {
    Future<T> future;
    try {
      future = worker.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the alert desk is busy or stopped: try again in a moment");
    }
    try {
      return future.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the alert desk did not answer within " + ANSWER_WITHIN.toSeconds() + " s: try again");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  // ---- applying transitions: store first, then the messages ----

  private void apply(List<AlertEvent> events, String displayName) {
    for (AlertEvent event : events) {
      if (!deferred.isEmpty()) {
        defer(new Pending(event, displayName));
        continue;
      }
      try {
        applyOne(event, displayName);
      } catch (StateUnavailableException e) {
        log.warn(
            "event=alert_store_unavailable alert={} transition={} reason=\"{}\" note=\"kept in"
                + " memory and retried\"",
            event.key(),
            event.getClass().getSimpleName(),
            e.getMessage());
        defer(new Pending(event, displayName));
      }
    }
  }

  private void defer(Pending pending) {
    if (deferred.size() >= DEFERRED) {
      Pending dropped = deferred.removeFirst();
      log.error(
          "event=alert_transition_dropped alert={} transition={} note=\"the state database has been"
              + " down for {} transitions\"",
          dropped.event().key(),
          dropped.event().getClass().getSimpleName(),
          DEFERRED);
    }
    deferred.addLast(pending);
  }

  private void retryDeferred() {
    while (!deferred.isEmpty()) {
      Pending next = deferred.peekFirst();
      try {
        applyOne(next.event(), next.displayName());
        deferred.removeFirst();
      } catch (StateUnavailableException e) {
        return;
      }
    }
  }

  private void applyOne(AlertEvent event, String displayName) {
    AlertRule rule = rulesById.get(event.key().ruleId());
    Instant now = clock.instant();
    switch (event) {
      case AlertEvent.Pending pending -> {
        AlertStore.Opened opened =
            store.open(
                rule.id(),
                pending.key().service(),
                rule.severity(),
                SummaryTemplate.render(rule, pending.key(), pending.value(), null, null),
                pending.value(),
                null,
                pending.since());
        openIds.put(pending.key(), opened.alert().id());
      }
      case AlertEvent.Cancelled cancelled -> {
        Long id = openIds.remove(cancelled.key());
        if (id != null) {
          move(id, StoredAlertState.RESOLVED, null, cancelled.at(), "cleared before holdFor");
        }
      }
      case AlertEvent.Fired fired -> fire(fired, rule);
      case AlertEvent.ValueChanged changed -> {
        Long id = openIds.get(changed.key());
        if (id == null || !threadOf.containsKey(id)) {
          return;
        }
        Incident incident = incident(id).withValue(changed.newValue());
        AlertThread thread = updateEntry(incident, standing(id));
        Instant last = valuePostedAt.get(id);
        if (last != null && now.isBefore(last.plus(settings.valueUpdateEvery()))) {
          return; // the parent shows the latest value at its next edit
        }
        valuePostedAt.put(id, now);
        store.observe(id, changed.newValue());
        enqueue(messages.messages(thread, incident, changed, sequence(changed), displayName));
      }
      case AlertEvent.Repeated repeated -> post(repeated, displayName);
      case AlertEvent.Escalated escalated -> {
        post(escalated, displayName);
        Long id = openIds.get(escalated.key());
        if (id != null && escalationEmail.isPresent() && threadOf.containsKey(id)) {
          enqueue(List.of(escalationEmail(incident(id), escalated)));
        }
      }
      case AlertEvent.Acknowledged ack -> {
        long id = openIds.get(ack.key());
        move(
            id,
            StoredAlertState.ACKNOWLEDGED,
            displayName(displayName, ack.by()),
            ack.at(),
            "user " + ack.by());
        post(ack, displayName);
      }
      case AlertEvent.Snoozed snoozed -> {
        long id = openIds.get(snoozed.key());
        logSkipped(
            store.snooze(
                id, snoozed.until(), displayName(displayName, snoozed.by()), snoozed.at()));
        post(snoozed, displayName);
      }
      case AlertEvent.SnoozeExpired expired -> {
        long id = openIds.get(expired.key());
        move(id, StoredAlertState.FIRING, null, expired.at(), "snooze ended");
        post(expired, displayName);
      }
      case AlertEvent.Resolved resolved -> {
        Long id = openIds.get(resolved.key());
        if (id == null) {
          return;
        }
        move(
            id,
            StoredAlertState.RESOLVED,
            resolved.byHand() ? displayName(displayName, resolved.by()) : null,
            resolved.at(),
            resolved.byHand() ? "user " + resolved.by() : "clear for " + rule.clearFor());
        if (threadOf.containsKey(id)) {
          post(resolved, displayName);
        }
        forget(id, resolved.key());
      }
    }
  }

  private void fire(AlertEvent.Fired fired, AlertRule rule) {
    Long known = openIds.get(fired.key());
    StoredAlert stored;
    if (known == null) {
      stored =
          store
              .open(
                  rule.id(),
                  fired.key().service(),
                  rule.severity(),
                  SummaryTemplate.render(
                      rule, fired.key(), fired.value(), fired.threshold(), fired.reason()),
                  fired.value(),
                  fired.threshold(),
                  fired.since())
              .alert();
      openIds.put(fired.key(), stored.id());
    } else {
      stored = store.find(known).orElseThrow();
    }
    long id = stored.id();
    if (stored.state() == StoredAlertState.PENDING) {
      move(id, StoredAlertState.FIRING, null, fired.at(), "held for " + rule.holdFor());
    }
    Incident incident =
        Incident.fired(
            id,
            fired,
            rules,
            rule.runbook() == null ? null : runbooks.text(rule.runbook()).orElse(null));
    // Another replica (or an earlier run) may have placed it already: keep its choice.
    long threadId =
        stored.incidentId() != null
            ? stored.incidentId()
            : threadToJoin(incident).map(AlertThread::id).orElse(id);
    String channel = stored.channel() != null ? stored.channel() : incident.channel();
    if (stored.incidentId() == null) {
      store.placeIn(id, threadId, channel);
    }
    threadOf.put(id, threadId);
    AlertThread thread =
        threads.containsKey(threadId)
            ? threads.get(threadId).with(incident, new AlertThread.Standing.Firing())
            : new AlertThread(
                threadId, channel, List.of(new AlertThread.Entry(incident, firing())));
    threads.put(threadId, thread);
    valuePostedAt.put(id, fired.at());
    if (threadId == id) {
      enqueue(messages.messages(thread, incident, fired, sequence(fired), null));
    } else {
      // Said at the next tick, together with the others that join meanwhile.
      joins.computeIfAbsent(threadId, t -> new ArrayList<>()).add(incident);
    }
  }

  /** One reply and one edit per thread for the alerts that joined it since the last tick. */
  private void announceJoins() {
    for (Map.Entry<Long, List<Incident>> entry : joins.entrySet()) {
      AlertThread thread = threads.get(entry.getKey());
      if (thread != null) {
        enqueue(messages.joined(thread, entry.getValue()));
      }
    }
    joins.clear();
  }

  private static AlertThread.Standing firing() {
    return new AlertThread.Standing.Firing();
  }

  /** An open thread of the same rule and channel whose first alert fired within groupWithin. */
  private Optional<AlertThread> threadToJoin(Incident incident) {
    Duration within = rules.defaults().groupWithin();
    if (within.isZero()) {
      return Optional.empty();
    }
    return threads.values().stream()
        .filter(t -> t.lead().rule().id().equals(incident.rule().id()))
        .filter(t -> t.channel().equals(incident.channel()))
        .filter(t -> !t.allResolved())
        .filter(t -> !incident.firedAt().isAfter(t.lead().firedAt().plus(within)))
        .findFirst();
  }

  /** Records the transition's standing in its thread and enqueues its messages. */
  private void post(AlertEvent event, String displayName) {
    Long id = openIds.get(event.key());
    if (id == null || !threadOf.containsKey(id)) {
      return;
    }
    Incident incident = incident(id);
    AlertThread thread =
        switch (event) {
          case AlertEvent.Repeated r -> threads.get(threadOf.get(id));
          case AlertEvent.Escalated e -> threads.get(threadOf.get(id));
          default -> updateEntry(incident, AlertMessages.standingAfter(event, displayName));
        };
    enqueue(messages.messages(thread, incident, event, sequence(event), displayName));
  }

  private AlertThread updateEntry(Incident incident, AlertThread.Standing standing) {
    long threadId = threadOf.get(incident.id());
    AlertThread thread = threads.get(threadId).with(incident, standing);
    threads.put(threadId, thread);
    return thread;
  }

  private AlertThread.Standing standing(long alertId) {
    AlertThread thread = threads.get(threadOf.get(alertId));
    return thread.entries().stream()
        .filter(e -> e.incident().id() == alertId)
        .findFirst()
        .orElseThrow()
        .standing();
  }

  private void forget(long id, AlertKey key) {
    openIds.remove(key);
    valuePostedAt.remove(id);
    Long threadId = threadOf.remove(id);
    if (threadId != null) {
      AlertThread thread = threads.get(threadId);
      if (thread != null && thread.allResolved()) {
        threads.remove(threadId);
        thread.entries().forEach(e -> threadOf.remove(e.incident().id()));
      }
    }
  }

  private OutboxItem escalationEmail(Incident incident, AlertEvent.Escalated escalated) {
    var message =
        dev.opsbot.chat.Message.builder(incident.summary())
            .header("ESCALATED " + incident.summary())
            .text(
                "Unacknowledged for "
                    + dev.opsbot.chat.HumanTime.span(
                        Duration.between(incident.firedAt(), escalated.at()))
                    + " on "
                    + incident.key().service()
                    + " (alert "
                    + incident.id()
                    + ", channel "
                    + incident.channel()
                    + ").")
            .text(
                Runbooks.steps(incident.runbook()).isEmpty()
                    ? "No runbook attached."
                    : "Runbook:\n" + String.join("\n", Runbooks.steps(incident.runbook())))
            .build();
    return OutboxItem.post(
        "alert-" + incident.id() + "/escalation-email", escalationEmail.orElseThrow(), message);
  }

  private void move(long id, StoredAlertState to, String by, Instant at, String note) {
    logSkipped(store.transition(id, to, by, at, note));
  }

  /** Another replica, or this desk before a restart, made the move already: it stands. */
  private static void logSkipped(AlertMove move) {
    String reason =
        switch (move) {
          case AlertMove.Moved moved -> null;
          case AlertMove.AlreadyThere already -> already.reason();
          case AlertMove.NotAllowed notAllowed -> notAllowed.reason();
        };
    if (reason != null) {
      log.info(
          "event=alert_transition_skipped alert={} reason=\"{}\"", move.alert().id(), reason);
    }
  }

  private void enqueue(List<OutboxItem> items) {
    Instant now = clock.instant();
    for (OutboxItem item : items) {
      outbox.enqueue(item, now);
    }
    if (!items.isEmpty()) {
      deliverSoon.run();
    }
  }

  /** Keys transitions that repeat (value changes, snoozes) by their time: stable on replay. */
  private static long sequence(AlertEvent event) {
    Instant at =
        switch (event) {
          case AlertEvent.Pending p -> p.since();
          case AlertEvent.Cancelled c -> c.at();
          case AlertEvent.Fired f -> f.at();
          case AlertEvent.ValueChanged v -> v.at();
          case AlertEvent.Resolved r -> r.at();
          case AlertEvent.Repeated r -> r.at();
          case AlertEvent.Escalated e -> e.at();
          case AlertEvent.Acknowledged a -> a.at();
          case AlertEvent.Snoozed s -> s.at();
          case AlertEvent.SnoozeExpired s -> s.at();
        };
    return at.toEpochMilli();
  }

  private static String displayName(String displayName, String by) {
    return displayName != null && !displayName.isBlank() ? displayName : by;
  }

  // ---- resuming after a restart ----

  private void resume() {
    List<StoredAlert> open;
    try {
      open = store.openAlerts();
    } catch (StateUnavailableException e) {
      log.warn(
          "event=alert_resume_failed reason=\"{}\" note=\"open alerts are picked up again as the"
              + " probes see them; their messages keep their keys\"",
          e.getMessage());
      return;
    }
    Instant now = clock.instant();
    int resumed = 0;
    for (StoredAlert stored : open) {
      AlertRule rule = rulesById.get(stored.ruleId());
      AlertKey key = new AlertKey(stored.ruleId(), stored.service());
      if (rule == null) {
        try {
          move(stored.id(), StoredAlertState.RESOLVED, null, now, "rule no longer in rules.yaml");
        } catch (StateUnavailableException e) {
          log.warn("event=alert_resume_failed alert={} reason=\"{}\"", stored.id(), e.getMessage());
        }
        continue;
      }
      openIds.put(key, stored.id());
      resumed++;
      if (stored.state() == StoredAlertState.PENDING) {
        board.change(states ->
            states.put(key, new AlertState.Pending(rule, stored.openedAt(), stored.value())));
        continue;
      }
      resumeFiring(stored, rule, key, now);
    }
    log.info("event=alerts_resumed open={}", resumed);
  }

  private void resumeFiring(StoredAlert stored, AlertRule rule, AlertKey key, Instant now) {
    Instant firedAt = stored.firedAt() != null ? stored.firedAt() : stored.openedAt();
    AlertState.Acknowledgement ack =
        stored.state() == StoredAlertState.ACKNOWLEDGED
            ? new AlertState.Acknowledgement(stored.acknowledgedBy(), stored.acknowledgedAt())
            : null;
    // Repeats count from the firing, so the next one gets the next number and key.
    long periods = Duration.between(firedAt, now).dividedBy(rule.repeatEvery());
    Instant nextRepeatAt = firedAt.plus(rule.repeatEvery().multipliedBy(periods + 1));
    Instant escalateAt =
        RuleEvaluator.critical(rule) && ack == null ? firedAt.plus(rule.escalateAfter()) : null;
    Instant snoozedUntil =
        stored.state() == StoredAlertState.SNOOZED ? stored.snoozedUntil() : null;
    AlertState.Firing firing =
        new AlertState.Firing(
            rule,
            stored.openedAt(),
            firedAt,
            stored.value(),
            stored.threshold(),
            null,
            null,
            ack,
            snoozedUntil,
            nextRepeatAt,
            (int) periods,
            escalateAt,
            false);
    board.change(states -> states.put(key, firing));
    String runbook = rule.runbook() == null ? null : runbooks.text(rule.runbook()).orElse(null);
    String channel =
        stored.channel() != null ? stored.channel() : rules.channelFor(rule).orElse("#unrouted");
    Incident incident =
        new Incident(
            stored.id(),
            key,
            rule,
            channel,
            stored.value(),
            stored.threshold(),
            null,
            stored.openedAt(),
            firedAt,
            runbook);
    AlertThread.Standing standing =
        switch (stored.state()) {
          case ACKNOWLEDGED ->
              new AlertThread.Standing.Acknowledged(
                  AlertMessages.person(stored.acknowledgedBy(), null), stored.acknowledgedAt());
          case SNOOZED -> new AlertThread.Standing.Snoozed("someone", stored.snoozedUntil());
          default -> firing();
        };
    long threadId = stored.incidentId() != null ? stored.incidentId() : stored.id();
    threadOf.put(stored.id(), threadId);
    threads.merge(
        threadId,
        new AlertThread(threadId, channel, List.of(new AlertThread.Entry(incident, standing))),
        (existing, added) -> existing.with(incident, standing));
    valuePostedAt.put(stored.id(), now);
  }

  /** Every open alert, from the state database: what every replica sees. */
  public List<StoredAlert> openAlerts() {
    return store.openAlerts();
  }

  /** Open alerts as this desk sees them: for tests and the benchmark. */
  public Map<AlertKey, AlertState> board() {
    return board.snapshot();
  }

  /** Waits until everything handed to the desk so far has been applied. */
  public void drain() {
    await(() -> null);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
