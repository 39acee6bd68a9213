package dev.opsbot.alert;

import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one alert transition: the state database first, then the thread index, then its messages
 * into the outbox. A transition the database cannot take throws {@link StateUnavailableException}
 * before anything is enqueued, so it can be applied again later ({@link DeferredTransitions}); the
 * messages are keyed by the transition, so applying one twice enqueues them once.
 */
final class StoreThenPost {
  private static final Logger log = LoggerFactory.getLogger(StoreThenPost.class);

  private final AlertRules rules;
  private final Map<String, AlertRule> rulesById;
  private final Runbooks runbooks;
  private final AlertStore store;
  private final Outbox outbox;
  private final AlertMessages messages;
  private final Clock clock;
  private final Duration valueUpdateEvery;
  private final Runnable deliverSoon;
  private final ThreadIndex index;
  private final AlertSync sync;
  private final DependencyFolding folding;
  private final RoundBatch round;

  StoreThenPost(
      AlertRules rules,
      Map<String, AlertRule> rulesById,
      Runbooks runbooks,
      AlertStore store,
      Outbox outbox,
      AlertMessages messages,
      Clock clock,
      Duration valueUpdateEvery,
      Runnable deliverSoon,
      ThreadIndex index,
      AlertSync sync,
      DependencyFolding folding) {
    this.rules = rules;
    this.rulesById = rulesById;
    this.runbooks = runbooks;
    this.store = store;
    this.outbox = outbox;
    this.messages = messages;
    this.clock = clock;
    this.valueUpdateEvery = valueUpdateEvery;
    this.deliverSoon = deliverSoon;
    this.index = index;
    this.sync = sync;
    this.folding = folding;
    this.round = new RoundBatch(store.roundFires(), folding, index, rulesById, clock);
  }

  /** The state database's part of a probe round, done at once (see {@link RoundBatch}). */
  RoundBatch round() {
    return round;
  }

  /**
   * @param displayName how the person who caused it is shown; null for opsbot itself
   * @return what the store made of a person's acknowledge, snooze or resolve; empty for the rest
   * @throws StateUnavailableException when the state database cannot take it
   */
  Optional<AlertMove> apply(AlertEvent event, String displayName) {
    AlertRule rule = rulesById.get(event.key().ruleId());
    AlertMove response = null;
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
        index.opened(pending.key(), opened.alert().id());
      }
      case AlertEvent.Cancelled cancelled ->
          index
              .cancelled(cancelled.key())
              .ifPresent(id ->
                  move(
                      id,
                      StoredAlertState.RESOLVED,
                      null,
                      cancelled.at(),
                      "cleared before holdFor"));
      case AlertEvent.Fired fired -> fire(fired, rule);
      case AlertEvent.ValueChanged changed -> valueChanged(changed, displayName);
      case AlertEvent.Repeated repeated ->
          decide(repeated, AlertStore.TimerMove.REPEAT, repeated.at());
      case AlertEvent.Acknowledged ack -> {
        long id = index.openId(ack.key()).orElseThrow();
        String by = displayName(displayName, ack.by());
        response = move(id, StoredAlertState.ACKNOWLEDGED, by, ack.at(), "user " + ack.by());
        postIfOwn(response, response.alert().acknowledgedBy(), by, ack, displayName);
      }
      case AlertEvent.Snoozed snoozed -> {
        long id = index.openId(snoozed.key()).orElseThrow();
        String by = displayName(displayName, snoozed.by());
        response = store.snooze(id, snoozed.until(), by, snoozed.at());
        logSkipped(response);
        postIfOwn(response, response.alert().snoozedBy(), by, snoozed, displayName);
      }
      case AlertEvent.SnoozeExpired expired ->
          decide(expired, AlertStore.TimerMove.END_SNOOZE, expired.at());
      case AlertEvent.Resolved resolved -> response = resolve(resolved, rule, displayName);
    }
    return Optional.ofNullable(response);
  }

  /**
   * A decision of time (repeat, end a snooze), taken by the store from the alert as the database
   * holds it, with its messages enqueued in the same transaction. When the database says no,
   * another replica moved the alert: this one takes its view from the database.
   */
  private void decide(AlertEvent event, AlertStore.TimerMove decision, Instant at) {
    Optional<Long> id = index.openId(event.key());
    if (id.isEmpty()) {
      return;
    }
    if (decision == AlertStore.TimerMove.REPEAT && store.silences().silenced(id.get(), at)) {
      return; // no "still firing" while silenced
    }
    List<OutboxItem> items = messagesFor(event, null);
    AlertMove move = store.decide(id.get(), decision, at, items);
    if (move instanceof AlertMove.Moved) {
      if (!items.isEmpty()) {
        deliverSoon.run();
      }
      return;
    }
    logSkipped(move);
    sync.adopt(move.alert());
  }

  private void fire(AlertEvent.Fired fired, AlertRule rule) {
    Optional<Long> known = index.openId(fired.key());
    Optional<AlertMove> batched = known.flatMap(round::fired);
    StoredAlert stored;
    if (batched.isPresent()) {
      stored = batched.get().alert(); // fired, or found fired, with the rest of its round
    } else if (known.isEmpty()) {
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
      index.opened(fired.key(), stored.id());
    } else {
      stored = store.find(known.get()).orElseThrow();
    }
    long id = stored.id();
    StoredAlert firedRow = stored;
    if (batched.isEmpty() && stored.state() == StoredAlertState.PENDING) {
      AlertMove move =
          store.fire(
              id, AlertStore.WhatFired.of(fired, rule), fired.at(), "held for " + rule.holdFor());
      logSkipped(move);
      firedRow = move.alert();
    }
    if (stored.incidentId() == null
        && round.silenced(id).orElseGet(() -> store.silences().hold(id, clock.instant()))) {
      // Silenced: stored and evaluated, posted when no silence matches it any more.
      log.info("event=alert_fire_silenced alert={}", id);
      return;
    }
    if (stored.incidentId() == null && folding.hold(fired, rule, clock.instant())) {
      return; // placed at a tick, once its dependency's alert is (see DependencyFolding)
    }
    folding.placed(fired.key());
    Incident incident = Incident.fired(id, fired, rules, runbooks.forRule(rule));
    // Another replica (or an earlier run) may have placed it already: keep its choice.
    long threadId =
        stored.incidentId() != null
            ? stored.incidentId()
            : index.threadToJoin(incident).map(AlertThread::id).orElse(id);
    String channel = stored.channel() != null ? stored.channel() : incident.channel();
    boolean folded = false;
    if (stored.incidentId() == null) {
      // Two replicas firing it at once may choose differently: the database keeps the first.
      Optional<FoldStore.Placement> fold = folding.fold(id, fired.key());
      if (fold.isPresent()) {
        threadId = fold.get().threadId();
        channel = fold.get().channel();
        folded = fold.get().foldedInto() != null;
      } else {
        StoredAlert placed = store.placeIn(id, threadId, channel);
        threadId = placed.incidentId();
        channel = placed.channel();
      }
    }
    folding.shown(firedRow, threadId, channel);
    AlertThread thread = index.show(incident, threadId, channel, new AlertThread.Standing.Firing());
    index.valuePosted(id, fired.at());
    if (!folded) {
      folding.placedOnItsOwn(id, fired.key());
    }
    if (threadId == id) {
      enqueue(messages.messages(thread, incident, fired, sequence(fired), null));
    } else if (folded) {
      folding.folded(threadId, incident);
    } else {
      index.joined(threadId, incident);
    }
  }

  private void valueChanged(AlertEvent.ValueChanged changed, String displayName) {
    Optional<Long> shown = index.shownId(changed.key());
    if (shown.isEmpty()) {
      return;
    }
    long id = shown.get();
    Incident incident = index.incident(id).withValue(changed.newValue());
    AlertThread thread = index.update(incident, index.standing(id));
    Instant now = clock.instant();
    if (!index.valueUpdateDue(id, now, valueUpdateEvery)) {
      return; // the parent shows the latest value at its next edit
    }
    index.valuePosted(id, now);
    store.observe(id, changed.newValue());
    enqueue(messages.messages(thread, incident, changed, sequence(changed), displayName));
  }

  private AlertMove resolve(AlertEvent.Resolved resolved, AlertRule rule, String displayName) {
    Optional<Long> open = index.openId(resolved.key());
    if (open.isEmpty()) {
      return null;
    }
    long id = open.get();
    AlertMove move =
        move(
            id,
            StoredAlertState.RESOLVED,
            resolved.byHand() ? displayName(displayName, resolved.by()) : null,
            resolved.at(),
            resolved.byHand() ? "user " + resolved.by() : "clear for " + rule.clearFor());
    if (move instanceof AlertMove.NotAllowed) {
      // Resolved by someone else first (the only move a resolve cannot make).
      sync.adopt(move.alert());
      return move;
    }
    if (index.shown(id)) {
      post(resolved, displayName);
    }
    index.forget(id, resolved.key());
    folding.forget(id);
    return move;
  }

  /**
   * Posts an alert whose fire a silence held back, as it fired (this replica took its release from
   * the database: {@link SilenceDesk}).
   */
  void released(long id) {
    if (index.shown(id)) {
      return;
    }
    StoredAlert stored = store.find(id).orElseThrow();
    AlertRule rule = rulesById.get(stored.ruleId());
    if (rule == null) {
      return;
    }
    AlertKey key = new AlertKey(stored.ruleId(), stored.service());
    if (index.openId(key).isEmpty()) {
      index.opened(key, id);
    }
    Instant firedAt = stored.firedAt() != null ? stored.firedAt() : stored.openedAt();
    fire(
        new AlertEvent.Fired(
            key,
            rule,
            stored.value(),
            stored.threshold(),
            stored.reason(),
            stored.openedAt(),
            firedAt),
        rule);
  }

  /**
   * One reply and one edit per thread for the alerts that joined it, or were folded into it, since
   * the last call; folded alerts whose dependency recovered are given a thread of their own.
   */
  void announceJoins() {
    index.takeJoins().forEach((thread, joined) -> enqueue(messages.joined(thread, joined)));
    placeHeld();
    enqueue(folding.announcements());
    if (folding.unfoldRecovered(clock.instant())) {
      deliverSoon.run();
    }
  }

  /** Places the alerts held for a dependency; again while one placed frees another (a chain). */
  private void placeHeld() {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (AlertEvent.Fired fired : folding.released()) {
        Optional<Long> open = index.openId(fired.key());
        if (open.isPresent() && !index.shown(open.get())) {
          fire(fired, rulesById.get(fired.key().ruleId()));
          progress |= index.shown(open.get());
        } else {
          folding.placed(fired.key()); // resolved meanwhile, or placed already
        }
      }
    }
  }

  /** Records the transition's standing in its thread and enqueues its messages. */
  private void post(AlertEvent event, String displayName) {
    enqueue(messagesFor(event, displayName));
  }

  /** Records the transition's standing in its thread; its messages, none if it is not shown. */
  private List<OutboxItem> messagesFor(AlertEvent event, String displayName) {
    Optional<Long> shown = index.shownId(event.key());
    if (shown.isEmpty()) {
      return List.of();
    }
    Incident incident = index.incident(shown.get());
    AlertThread thread =
        switch (event) {
          case AlertEvent.Repeated r -> index.threadOf(incident.id());
          default -> index.update(incident, AlertMessages.standingAfter(event, displayName));
        };
    return messages.messages(thread, incident, event, sequence(event), displayName);
  }

  /** Moves a stored alert; a move another replica made first is no error. */
  AlertMove move(long id, StoredAlertState to, String by, Instant at, String note) {
    AlertMove move = store.transition(id, to, by, at, note);
    logSkipped(move);
    return move;
  }

  /**
   * Posts a person's move when it is theirs: made now, or made by them before (a transition applied
   * again after the database was down; its messages are keyed, so they are enqueued once). When the
   * database refused it, or holds the same move by someone else (on another replica, a moment
   * earlier), nothing is posted and this replica takes its view from the database.
   */
  private void postIfOwn(
      AlertMove move, String storedBy, String by, AlertEvent event, String displayName) {
    boolean own =
        move instanceof AlertMove.Moved
            || (move instanceof AlertMove.AlreadyThere && java.util.Objects.equals(storedBy, by));
    if (own) {
      post(event, displayName);
    } else {
      sync.adopt(move.alert());
    }
  }

  private static void logSkipped(AlertMove move) {
    String reason =
        switch (move) {
          case AlertMove.Moved moved -> null;
          case AlertMove.AlreadyThere already -> already.reason();
          case AlertMove.NotAllowed notAllowed -> notAllowed.reason();
        };
    if (reason != null) {
      log.info("event=alert_transition_skipped alert={} reason=\"{}\"", move.alert().id(), reason);
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
    return event.happenedAt().toEpochMilli();
  }

  private static String displayName(String displayName, String by) {
    return displayName != null && !displayName.isBlank() ? displayName : by;
  }
}
