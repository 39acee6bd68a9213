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
  private final Optional<String> escalationEmail;
  private final Clock clock;
  private final Duration valueUpdateEvery;
  private final Runnable deliverSoon;
  private final ThreadIndex index;

  StoreThenPost(
      AlertRules rules,
      Map<String, AlertRule> rulesById,
      Runbooks runbooks,
      AlertStore store,
      Outbox outbox,
      AlertMessages messages,
      Optional<String> escalationEmail,
      Clock clock,
      Duration valueUpdateEvery,
      Runnable deliverSoon,
      ThreadIndex index) {
    this.rules = rules;
    this.rulesById = rulesById;
    this.runbooks = runbooks;
    this.store = store;
    this.outbox = outbox;
    this.messages = messages;
    this.escalationEmail = escalationEmail;
    this.clock = clock;
    this.valueUpdateEvery = valueUpdateEvery;
    this.deliverSoon = deliverSoon;
    this.index = index;
  }

  /**
   * @param displayName how the person who caused it is shown; null for opsbot itself
   * @throws StateUnavailableException when the state database cannot take it
   */
  void apply(AlertEvent event, String displayName) {
    AlertRule rule = rulesById.get(event.key().ruleId());
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
      case AlertEvent.Repeated repeated -> post(repeated, displayName);
      case AlertEvent.Escalated escalated -> {
        post(escalated, displayName);
        Optional<Long> id = index.shownId(escalated.key());
        if (id.isPresent() && escalationEmail.isPresent()) {
          enqueue(
              List.of(
                  DeskWording.escalationEmail(
                      index.incident(id.get()), escalated, escalationEmail.get())));
        }
      }
      case AlertEvent.Acknowledged ack -> {
        long id = index.openId(ack.key()).orElseThrow();
        postUnlessRefused(
            move(
                id,
                StoredAlertState.ACKNOWLEDGED,
                displayName(displayName, ack.by()),
                ack.at(),
                "user " + ack.by()),
            ack,
            displayName);
      }
      case AlertEvent.Snoozed snoozed -> {
        long id = index.openId(snoozed.key()).orElseThrow();
        AlertMove move =
            store.snooze(id, snoozed.until(), displayName(displayName, snoozed.by()), snoozed.at());
        logSkipped(move);
        postUnlessRefused(move, snoozed, displayName);
      }
      case AlertEvent.SnoozeExpired expired -> {
        long id = index.openId(expired.key()).orElseThrow();
        postUnlessRefused(
            move(id, StoredAlertState.FIRING, null, expired.at(), "snooze ended"),
            expired,
            displayName);
      }
      case AlertEvent.Resolved resolved -> resolve(resolved, rule, displayName);
    }
  }

  private void fire(AlertEvent.Fired fired, AlertRule rule) {
    Optional<Long> known = index.openId(fired.key());
    StoredAlert stored;
    if (known.isEmpty()) {
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
    if (stored.state() == StoredAlertState.PENDING) {
      AlertStore.WhatFired what =
          new AlertStore.WhatFired(
              SummaryTemplate.render(
                  rule, fired.key(), fired.value(), fired.threshold(), fired.reason()),
              fired.value(),
              fired.threshold(),
              fired.reason());
      logSkipped(store.fire(id, what, fired.at(), "held for " + rule.holdFor()));
    }
    Incident incident = Incident.fired(id, fired, rules, runbooks.forRule(rule));
    // Another replica (or an earlier run) may have placed it already: keep its choice.
    long threadId =
        stored.incidentId() != null
            ? stored.incidentId()
            : index.threadToJoin(incident).map(AlertThread::id).orElse(id);
    String channel = stored.channel() != null ? stored.channel() : incident.channel();
    if (stored.incidentId() == null) {
      store.placeIn(id, threadId, channel);
    }
    AlertThread thread = index.show(incident, threadId, channel, new AlertThread.Standing.Firing());
    index.valuePosted(id, fired.at());
    if (threadId == id) {
      enqueue(messages.messages(thread, incident, fired, sequence(fired), null));
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

  private void resolve(AlertEvent.Resolved resolved, AlertRule rule, String displayName) {
    Optional<Long> open = index.openId(resolved.key());
    if (open.isEmpty()) {
      return;
    }
    long id = open.get();
    move(
        id,
        StoredAlertState.RESOLVED,
        resolved.byHand() ? displayName(displayName, resolved.by()) : null,
        resolved.at(),
        resolved.byHand() ? "user " + resolved.by() : "clear for " + rule.clearFor());
    if (index.shown(id)) {
      post(resolved, displayName);
    }
    index.forget(id, resolved.key());
  }

  /** One reply and one edit per thread for the alerts that joined it since the last call. */
  void announceJoins() {
    index.takeJoins().forEach((thread, joined) -> enqueue(messages.joined(thread, joined)));
  }

  /** Records the transition's standing in its thread and enqueues its messages. */
  private void post(AlertEvent event, String displayName) {
    Optional<Long> shown = index.shownId(event.key());
    if (shown.isEmpty()) {
      return;
    }
    Incident incident = index.incident(shown.get());
    AlertThread thread =
        switch (event) {
          case AlertEvent.Repeated r -> index.threadOf(incident.id());
          case AlertEvent.Escalated e -> index.threadOf(incident.id());
          default -> index.update(incident, AlertMessages.standingAfter(event, displayName));
        };
    enqueue(messages.messages(thread, incident, event, sequence(event), displayName));
  }

  /** Moves a stored alert; a move another replica made first is no error. */
  AlertMove move(long id, StoredAlertState to, String by, Instant at, String note) {
    AlertMove move = store.transition(id, to, by, at, note);
    logSkipped(move);
    return move;
  }

  /**
   * Posts the event unless the store refused the move: a thread must not say "acknowledged" of an
   * alert the database holds as resolved.
   */
  private void postUnlessRefused(AlertMove move, AlertEvent event, String displayName) {
    if (!(move instanceof AlertMove.NotAllowed)) {
      post(event, displayName);
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
}
