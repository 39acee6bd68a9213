package dev.opsbot.alert;

import dev.opsbot.access.Caller;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.probe.ProbeListener;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alerts live while opsbot runs: probe results, the passing of time and people's responses
 * come in; every transition is stored in PostgreSQL and its messages enqueued in the outbox. All of
 * it happens on one thread of its own, so probing never waits for the database or for chat, and the
 * in-memory view (which alert is in which thread) needs no locking.
 *
 * <p>The desk only coordinates: {@link RuleEvaluator}, {@link AlertTimers} and {@link
 * AlertResponses} turn what comes in into transitions; {@link DeferredTransitions} applies them in
 * order through {@link StoreThenPost}, which keeps {@link ThreadIndex} up to date; {@link
 * AlertRecovery} picks up open alerts at start-up.
 */
public final class AlertDesk implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertDesk.class);
  private static final int QUEUE = 20_000;
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  /** How often the desk looks at the clock, how often a changing value may be posted. */
  public record Settings(Duration tickEvery, Duration valueUpdateEvery) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  private final AlertStore store;
  private final Clock clock;
  private final Settings settings;

  private final AlertBoard board = new AlertBoard();
  private final RuleEvaluator evaluator;
  private final AlertTimers timers;
  private final AlertResponses responses;
  // Touched only on the desk's thread.
  private final ThreadIndex index;
  private final StoreThenPost applier;
  private final DeferredTransitions transitions;
  private final AlertRecovery recovery;
  private final Escalator escalator;
  private final ManualPages manual;
  private final AlertRules rules;
  private final Map<String, AlertRule> rulesById;
  private final SilenceDesk silences;

  private final ExternalIntake external;
  private final DeskThread worker;
  private volatile ResponseListener responseListener = (alert, kind, by, until) -> {};
  private final ScheduledExecutorService ticker;
  private final AtomicLong droppedResults = new AtomicLong();
  private final ArrivedResults arrived = new ArrivedResults(QUEUE);

  /**
   * @param escalation whom unacknowledged alerts page, step by step
   * @param deliverSoon asks the outbox worker to send what was just enqueued
   */
  public AlertDesk(
      AlertRules rules,
      Runbooks runbooks,
      AlertStore store,
      Outbox outbox,
      AlertMessages messages,
      Escalation escalation,
      Clock clock,
      Settings settings,
      Runnable deliverSoon) {
    this(
        rules,
        runbooks,
        store,
        outbox,
        messages,
        escalation,
        DependencyGraph.of(Map.of()),
        clock,
        settings,
        deliverSoon);
  }

  /**
   * @param dependencies what each service depends on: a DOWN alert of a service whose dependency is
   *     down is folded into the dependency's thread ({@link DependencyFolding})
   */
  public AlertDesk(
      AlertRules rules,
      Runbooks runbooks,
      AlertStore store,
      Outbox outbox,
      AlertMessages messages,
      Escalation escalation,
      DependencyGraph dependencies,
      Clock clock,
      Settings settings,
      Runnable deliverSoon) {
    Map<String, AlertRule> rulesById = new HashMap<>();
    rules.effectiveRules().forEach(rule -> rulesById.put(rule.id(), rule));
    this.rulesById = rulesById;
    List<String> people = escalation.roster().people().stream().map(p -> p.id()).toList();
    EscalationPolicies policies = escalation.policies().withPeople(people);
    this.manual = new ManualPages(escalation.policies().names(), people);
    manual.addRules(rules, rulesById);
    this.rules = rules;
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.evaluator = new RuleEvaluator(rules, board, clock);
    this.timers = new AlertTimers(board, clock);
    this.responses = new AlertResponses(board, clock);
    this.index = new ThreadIndex(rules.defaults().groupWithin());
    AlertSync sync = new AlertSync(board, index);
    this.applier =
        new StoreThenPost(
            rules,
            rulesById,
            runbooks,
            store,
            outbox,
            messages,
            clock,
            settings.valueUpdateEvery(),
            deliverSoon,
            index,
            sync,
            new DependencyFolding(
                dependencies, rules, rulesById, store.folds(), index, messages, board));
    this.transitions = new DeferredTransitions(applier);
    this.silences = new SilenceDesk(store.silences(), rules, clock, deliverSoon);
    this.escalator =
        new Escalator(
            store.escalations(),
            policies,
            rulesById,
            runbooks,
            new Pager(escalation.roster(), escalation.email()),
            deliverSoon);
    this.recovery =
        new AlertRecovery(rules, rulesById, runbooks, store, board, index, applier, clock);
    this.external =
        new ExternalIntake(rules, rulesById, board, index, transitions, store, recovery);
    this.worker = new DeskThread(QUEUE, ANSWER_WITHIN);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("alert-timer").daemon().factory());
  }

  /**
   * Picks up the alerts left open by an earlier run (or another replica), then starts the timer.
   */
  public void start() {
    await(() -> {
      recovery.resume();
      return null;
    });
    long every = settings.tickEvery().toMillis();
    ticker.scheduleWithFixedDelay(() -> submit(this::tick), every, every, TimeUnit.MILLISECONDS);
  }

  /** Hands probe results to the desk's thread; a full queue drops results, never blocks probing. */
  public ProbeListener listener() {
    return result -> {
      if (!arrived.offer(result)) {
        long dropped = droppedResults.incrementAndGet();
        if (dropped == 1 || dropped % 1000 == 0) {
          log.warn(
              "event=alert_queue_full dropped_results={} note=\"evaluation is behind; the next"
                  + " probe round brings these services back\"",
              dropped);
        }
      } else if (arrived.scheduleTake() && !submit(this::evaluateArrived)) {
        arrived.takeNotScheduled();
      }
    };
  }

  private void evaluateArrived() {
    if (arrived.take(evaluator, transitions)) {
      escalator.tick(clock.instant()); // a first step with after: 0 pages as the alert fires
    }
  }

  private void tick() {
    try {
      silences.tick(applier::released);
    } catch (StateUnavailableException e) {
      log.warn(
          "event=silences_skipped reason=\"{}\" note=\"tried again next tick\"", e.getMessage());
    }
    transitions.retry();
    applier.announceJoins();
    transitions.apply(timers.tick(), null);
    escalator.tick(clock.instant());
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
      List<Long> targets = index.targets(id, wholeThread);
      if (targets.isEmpty()) {
        return new Response(false, notOpen(id));
      }
      List<Incident> changed = new ArrayList<>();
      StoredAlert first = null;
      for (long target : targets) {
        Incident incident = index.incident(target);
        Optional<AlertEvent> event = change.apply(incident.key());
        if (event.isEmpty()) {
          continue;
        }
        Optional<AlertMove> move = transitions.applyOne(event.get(), caller.userName());
        if (move.isPresent() && move.get() instanceof AlertMove.Moved moved) {
          heard(moved.alert(), event.get(), caller);
        }
        if (move.isEmpty() || move.get() instanceof AlertMove.Moved) {
          changed.add(incident); // moved, or kept to be stored once the database is back
        } else if (first == null) {
          first = move.get().alert(); // someone else, through another replica, was first
        }
      }
      if (!changed.isEmpty()) {
        return new Response(true, DeskWording.changed(verb, changed));
      }
      if (first != null) {
        return new Response(false, DeskWording.someoneElseFirst(first));
      }
      return new Response(false, DeskWording.nothingToDo(id, index.standing(targets.getFirst())));
    });
  }

  /**
   * Raises an alert by hand ({@code /page}): stored, posted and paged for like a rule's, on the
   * desk's thread.
   */
  public Response page(String target, String text, Caller caller) {
    return await(() ->
        new ManualPage(manual, rules, rulesById, board, index, transitions, store)
            .raise(target, text, caller, clock.instant(), escalator));
  }

  private void heard(StoredAlert alert, AlertEvent event, Caller caller) {
    ResponseListener.Kind kind =
        switch (event) {
          case AlertEvent.Acknowledged a -> ResponseListener.Kind.ACKNOWLEDGED;
          case AlertEvent.Snoozed s -> ResponseListener.Kind.SNOOZED;
          default -> ResponseListener.Kind.RESOLVED;
        };
    String by = caller.userName() != null ? caller.userName() : caller.userId();
    try {
      responseListener.responded(alert, kind, by, alert.snoozedUntil());
    } catch (RuntimeException e) {
      log.error("event=response_listener_failed alert={} error=\"{}\"", alert.id(), e.toString());
    }
  }

  /**
   * Registers the rules of alerts raised elsewhere, before {@link #start()}: an open alert of a
   * rule the desk does not know is resolved at start-up.
   */
  public void addExternalRules(java.util.Collection<ExternalRule> external) {
    external.forEach(rule -> rulesById.putIfAbsent(rule.id(), rule.rule(rules)));
  }

  /** An alert raised or resolved elsewhere, applied on the desk's thread and waited for. */
  public ExternalOutcome external(ExternalAlert alert) {
    return await(() -> external.apply(alert, clock.instant(), escalator));
  }

  /** Who hears a person's acknowledge, snooze and resolve (one listener; the last set wins). */
  public void onResponse(ResponseListener listener) {
    this.responseListener = listener;
  }

  /** Why an id given by a person names no open alert, from the store when it knows. */
  private String notOpen(long id) {
    try {
      return DeskWording.notOpen(id, store.find(id).orElse(null));
    } catch (StateUnavailableException e) {
      return DeskWording.notOpenHere(id, e.getMessage());
    }
  }

  private boolean submit(Runnable task) {
    return worker.submit(task);
  }

  private <T> T await(Callable<T> task) {
    return worker.await(task);
  }

  /** Silences and maintenance windows: /silence and /maintenance. */
  public SilenceDesk silences() {
    return silences;
  }

  /**
   * The open alerts a silence holds back ("silenced") or that are folded into a dependency's alert
   * ("folded into #12"), by id, from the state database.
   */
  public Map<Long, String> openAlertMarks() {
    return store.marks().marks();
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
    worker.close();
  }
}
