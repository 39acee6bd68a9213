package dev.opsbot;

import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.alert.StoredAlertState;
import dev.opsbot.chat.slack.SlackUserGroupSync;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.oncall.HandoverStore;
import dev.opsbot.oncall.HandoverWatcher;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OpenAlerts;
import dev.opsbot.oncall.OpenAlerts.OpenAlert;
import dev.opsbot.oncall.OpenAlerts.Status;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.oncall.OverrideStore;
import dev.opsbot.oncall.UserGroupKeeper;
import dev.opsbot.oncall.UserGroupSync;
import dev.opsbot.state.StateDatabase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * On-call assembled from {@code config/oncall.yaml} and the overrides in the state database: who is
 * on call, for /oncall and escalation; the hand-over posts, with the open alerts from the alert
 * desk.
 */
final class OnCallWiring {
  /** How often the schedules are looked at for a new shift. */
  static final Duration HANDOVER_TICK = Duration.ofSeconds(5);

  /** How often the user groups are compared with who is on call (Slack is asked only on change). */
  static final Duration USER_GROUP_TICK = Duration.ofSeconds(15);

  private OnCallWiring() {}

  /** The overrides made in chat, naming people of the on-call file. */
  static OverrideStore overrides(Configuration configuration, StateDatabase state) {
    OnCallRoster layers = OnCallRoster.of(configuration.onCall(), OverrideSource.NONE);
    return new OverrideStore(state, layers::person);
  }

  /** The roster with the overrides on top; the layers alone answer while the database is down. */
  static OnCallRoster roster(Configuration configuration, OverrideSource overrides) {
    return OnCallRoster.of(configuration.onCall(), overrides);
  }

  /** Starts the hand-over watcher when a schedule names a channel to post hand-overs in. */
  static void startHandovers(
      OnCallRoster roster,
      StateDatabase state,
      AlertDesk alerts,
      OutboxWorker outbox,
      Clock clock,
      Lifecycle lifecycle) {
    if (roster.schedules().stream().noneMatch(s -> s.channel() != null)) {
      return;
    }
    lifecycle.start(
        "on-call hand-overs",
        () ->
            new HandoverWatcher(
                    roster,
                    new HandoverStore(state),
                    openAlerts(alerts),
                    outbox::wake,
                    clock,
                    ManagementFactory.getRuntimeMXBean().getName())
                .start(HANDOVER_TICK));
  }

  /**
   * Keeps the Slack user groups that schedules name equal to who is on call, when Slack is
   * configured and a schedule names one.
   */
  static void startUserGroups(
      OnCallRoster roster, SlackUserGroupSync slack, Clock clock, Lifecycle lifecycle) {
    if (roster.schedules().stream().noneMatch(s -> s.slackUserGroup() != null)) {
      return;
    }
    lifecycle.start(
        "slack user group sync",
        () -> new UserGroupKeeper(roster, userGroups(slack), clock).start(USER_GROUP_TICK));
  }

  /** Slack's answers as on-call understands them. */
  static UserGroupSync userGroups(SlackUserGroupSync slack) {
    return (group, users) ->
        switch (slack.sync(group, users)) {
          case SlackUserGroupSync.Outcome.InStep in ->
              new UserGroupSync.Outcome.InStep(in.changed());
          case SlackUserGroupSync.Outcome.TryLater later ->
              new UserGroupSync.Outcome.TryLater(later.after(), later.reason());
          case SlackUserGroupSync.Outcome.Refused no ->
              new UserGroupSync.Outcome.Refused(no.reason(), no.fix());
        };
  }

  /** The open alerts that fired, as the alert store holds them, for a hand-over to list. */
  static OpenAlerts openAlerts(AlertDesk alerts) {
    return () -> open(alerts.openAlerts());
  }

  static List<OpenAlert> open(List<StoredAlert> stored) {
    return stored.stream()
        .filter(a -> a.state() != StoredAlertState.PENDING && a.state().open())
        .sorted(Comparator.comparing(StoredAlert::id))
        .map(OnCallWiring::openAlert)
        .toList();
  }

  private static OpenAlert openAlert(StoredAlert a) {
    Status status =
        switch (a.state()) {
          case ACKNOWLEDGED -> Status.ACKNOWLEDGED;
          case SNOOZED -> Status.SNOOZED;
          default -> Status.FIRING;
        };
    String by =
        switch (status) {
          case ACKNOWLEDGED -> a.acknowledgedBy();
          case SNOOZED -> a.snoozedBy();
          case FIRING -> null;
        };
    return new OpenAlert(
        a.id(),
        a.severity().id(),
        a.service(),
        a.summary(),
        a.firedAt() != null ? a.firedAt() : a.openedAt(),
        status,
        by,
        status == Status.SNOOZED ? a.snoozedUntil() : null);
  }
}
