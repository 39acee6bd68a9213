package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.config.AlertDefaults;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.Severity;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxItem.Kind;
import dev.opsbot.testing.Golden;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertMessagesTest {
  private static final Instant SINCE = Instant.parse("2026-11-25T10:10:00Z");
  private static final Instant FIRED = Instant.parse("2026-11-25T10:12:00Z");
  private static final AlertRules ROUTES =
      new AlertRules(
          AlertDefaults.DEFAULT,
          Map.of("critical", "#ops-critical", "warning", "#ops-alerts", "info", "#ops-info"),
          List.of());
  private static final Runbooks RUNBOOKS = Runbooks.in(Path.of("alerts/runbooks"));

  private final AlertMessages messages = new AlertMessages(ZoneId.of("UTC"));

  private static Incident aurea() {
    AlertRule rule = AlertFixtures.aureaNotRunning();
    AlertEvent.Fired fired = fired(rule, "ai-agents", "false", "= false");
    return Incident.fired(42, fired, ROUTES, RUNBOOKS.text(rule.runbook()).orElseThrow());
  }

  private static Incident errorRate() {
    AlertRule rule = AlertFixtures.errorRateAbove5();
    return Incident.fired(7, fired(rule, "brainops-backend", "7.5", "> 5"), ROUTES, null);
  }

  private static AlertEvent.Fired fired(
      AlertRule rule, String service, String value, String threshold) {
    return new AlertEvent.Fired(
        new AlertKey(rule.id(), service), rule, value, threshold, "reason", SINCE, FIRED);
  }

  private static AlertEvent.Fired firedOf(Incident incident) {
    return new AlertEvent.Fired(
        incident.key(),
        incident.rule(),
        incident.value(),
        incident.threshold(),
        incident.reason(),
        incident.since(),
        incident.firedAt());
  }

  private static OutboxItem only(List<OutboxItem> items) {
    assertThat(items).hasSize(1);
    return items.getFirst();
  }

  private static List<Block.Button> buttons(Message message) {
    return message.blocks().stream()
        .filter(Block.Buttons.class::isInstance)
        .map(Block.Buttons.class::cast)
        .flatMap(b -> b.buttons().stream())
        .toList();
  }

  private static String header(Message message) {
    return ((Block.Header) message.blocks().getFirst()).text();
  }

  @Test
  void firedPostsTheParentWithRunbookAndButtons() {
    Incident incident = aurea();
    OutboxItem post = only(messages.messages(incident, firedOf(incident), 1));

    assertThat(post.kind()).isEqualTo(Kind.POST);
    assertThat(post.key()).isEqualTo("alert-42/parent");
    assertThat(post.parentKey()).isNull();
    assertThat(post.channel()).isEqualTo("#ops-critical");
    assertThat(post.message().tone()).isEqualTo(Tone.DANGER);
    assertThat(header(post.message())).isEqualTo("CRITICAL: AUREA is not running on ai-agents");
    assertThat(buttons(post.message()))
        .extracting(Block.Button::actionId, Block.Button::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alert.ack", "42"),
            org.assertj.core.groups.Tuple.tuple("alert.snooze", "42"),
            org.assertj.core.groups.Tuple.tuple("alert.resolve", "42"));
    Golden.assertMessage(AlertMessagesTest.class, "fired", post.message());
  }

  @Test
  void valueChangeIsAThreadReplyAndTheParentShowsTheNewValue() {
    Incident incident = errorRate().withValue("9.1");
    List<OutboxItem> items =
        messages.messages(
            incident,
            new AlertEvent.ValueChanged(incident.key(), "7.5", "9.1", FIRED.plusSeconds(60)),
            3);
    assertThat(items).hasSize(2);
    OutboxItem reply = items.get(0);
    OutboxItem update = items.get(1);
    assertThat(update.kind()).isEqualTo(Kind.UPDATE);
    assertThat(update.parentKey()).isEqualTo("alert-7/parent");
    assertThat(update.message().blocks())
        .contains(
            new Block.Fields(
                List.of(
                    new Block.Field("Service", "brainops-backend"),
                    new Block.Field("Severity", "warning"),
                    new Block.Field("Value", "9.1 (> 5)"),
                    new Block.Field("Since", "2026-11-25 10:10 UTC"))));

    assertThat(reply.kind()).isEqualTo(Kind.REPLY);
    assertThat(reply.key()).isEqualTo("alert-7/value-3");
    assertThat(reply.parentKey()).isEqualTo("alert-7/parent");
    assertThat(reply.channel()).isEqualTo("#ops-alerts");
    Golden.assertMessage(AlertMessagesTest.class, "value_changed", reply.message());
  }

  @Test
  void acknowledgementEditsTheParentAndSaysSoInTheThread() {
    Incident incident = aurea();
    List<OutboxItem> items =
        messages.messages(
            incident,
            new AlertEvent.Acknowledged(incident.key(), "U123", FIRED.plusSeconds(180)),
            5,
            "dana");

    assertThat(items)
        .extracting(OutboxItem::kind, OutboxItem::key, OutboxItem::parentKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "alert-42/ack", "alert-42/parent"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.REPLY, "alert-42/ack/reply", "alert-42/parent"));
    Message parent = items.get(0).message();
    // Snoozing an acknowledged alert does nothing (AlertResponses), so only Resolve is left.
    assertThat(buttons(parent)).extracting(Block.Button::actionId).containsExactly("alert.resolve");
    assertThat(items.get(1).message().fallbackText())
        .isEqualTo("Acknowledged by @dana 3 min after firing");
    Golden.assertMessage(AlertMessagesTest.class, "acknowledged", parent);
  }

  @Test
  void resolvedParentTurnsGreenWithOnlyItsTimelineButton() {
    Incident incident = aurea();
    List<OutboxItem> items =
        messages.messages(
            incident,
            new AlertEvent.Resolved(incident.key(), FIRED, FIRED.plusSeconds(12 * 60), null),
            9);

    assertThat(items)
        .extracting(OutboxItem::kind, OutboxItem::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "alert-42/resolved"),
            org.assertj.core.groups.Tuple.tuple(Kind.REPLY, "alert-42/resolved/reply"));
    Message parent = items.get(0).message();
    assertThat(parent.tone()).isEqualTo(Tone.GOOD);
    assertThat(header(parent)).isEqualTo("RESOLVED: AUREA is not running on ai-agents");
    assertThat(buttons(parent))
        .extracting(Block.Button::actionId, Block.Button::label, Block.Button::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertMessages.TIMELINE, "Timeline", "42"));
    assertThat(items.get(1).message().fallbackText()).isEqualTo("Resolved by itself after 12 min");
    Golden.assertMessage(AlertMessagesTest.class, "resolved", parent);
  }

  @Test
  void resolvedByHandNamesWhoResolvedIt() {
    Incident incident = errorRate();
    List<OutboxItem> items =
        messages.messages(
            incident,
            new AlertEvent.Resolved(incident.key(), FIRED, FIRED.plusSeconds(600), "U9"),
            4,
            "lee");

    assertThat(items.get(1).message().fallbackText()).isEqualTo("Resolved by @lee after 10 min");
  }

  @Test
  void snoozeEditsTheParentAndRepliesWithTheEndTime() {
    Incident incident = errorRate();
    Instant at = FIRED.plusSeconds(300);
    List<OutboxItem> items =
        messages.messages(
            incident,
            new AlertEvent.Snoozed(incident.key(), "U1", Instant.parse("2026-11-25T11:30:00Z"), at),
            6,
            "dana");

    assertThat(items)
        .extracting(OutboxItem::kind, OutboxItem::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "alert-7/snooze-6"),
            org.assertj.core.groups.Tuple.tuple(Kind.REPLY, "alert-7/snooze-6/reply"));
    assertThat(items.get(1).message().fallbackText()).isEqualTo("Snoozed by @dana until 11:30 UTC");
  }

  @Test
  void snoozeEndRestoresTheFiringParent() {
    Incident incident = errorRate();
    List<OutboxItem> items =
        messages.messages(
            incident, new AlertEvent.SnoozeExpired(incident.key(), FIRED.plusSeconds(3600)), 8);

    assertThat(items).extracting(OutboxItem::kind).containsExactly(Kind.UPDATE, Kind.REPLY);
    assertThat(items.get(0).key()).isEqualTo("alert-7/snooze-end-8");
    assertThat(buttons(items.get(0).message())).hasSize(3);
    Message fired = only(messages.messages(incident, firedOf(incident), 1)).message();
    assertThat(items.get(0).message()).isEqualTo(fired);
  }

  @Test
  void aRepeatIsAThreadReply() {
    Incident incident = aurea();
    OutboxItem repeat =
        only(
            messages.messages(
                incident, new AlertEvent.Repeated(incident.key(), 2, FIRED.plusSeconds(3600)), 11));

    assertThat(repeat.kind()).isEqualTo(Kind.REPLY);
    assertThat(repeat.key()).isEqualTo("alert-42/repeat-2");
    assertThat(repeat.message().fallbackText())
        .isEqualTo("Still firing after 60 min, not acknowledged");
  }

  @Test
  void replayingATransitionGivesTheSameKeysAndDistinctTransitionsDiffer() {
    Incident incident = errorRate();
    AlertEvent first = new AlertEvent.ValueChanged(incident.key(), "7.5", "9.1", FIRED);
    AlertEvent second = new AlertEvent.ValueChanged(incident.key(), "9.1", "7.5", FIRED);

    assertThat(messages.messages(incident, first, 3))
        .isEqualTo(messages.messages(incident, first, 3));
    assertThat(messages.messages(incident, first, 3).getFirst().key())
        .isNotEqualTo(messages.messages(incident, second, 4).getFirst().key());
  }

  @Test
  void alertsOfOneRuleFiringTogetherShareAParentThatListsThem() {
    AlertRule rule = AlertFixtures.aureaNotRunning();
    Incident first = Incident.fired(50, fired(rule, "ai-agents", "false", "= false"), ROUTES, null);
    Incident second =
        Incident.fired(51, fired(rule, "brainops-backend", "false", "= false"), ROUTES, null);
    AlertThread thread =
        AlertThread.of(first, new AlertThread.Standing.Firing())
            .with(second, new AlertThread.Standing.Firing());

    List<OutboxItem> joined = messages.messages(thread, second, firedOf(second), 1, null);

    assertThat(joined)
        .extracting(OutboxItem::kind, OutboxItem::key, OutboxItem::parentKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "alert-51/joined", "alert-50/parent"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.REPLY, "alert-51/joined/reply", "alert-50/parent"));
    Message parent = joined.getFirst().message();
    assertThat(header(parent)).isEqualTo("CRITICAL: aurea-down on 2 services (2 open)");
    assertThat(buttons(parent))
        .extracting(Block.Button::label, Block.Button::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Acknowledge all", "50"),
            org.assertj.core.groups.Tuple.tuple("Snooze all 1h", "50"),
            org.assertj.core.groups.Tuple.tuple("Resolve all", "50"));
    assertThat(joined.get(1).message().fallbackText())
        .isEqualTo("Also firing: AUREA is not running on brainops-backend (alert 51)");

    AlertEvent.Acknowledged ack =
        new AlertEvent.Acknowledged(second.key(), "U1", FIRED.plusSeconds(60));
    AlertThread acked = thread.with(second, AlertMessages.standingAfter(ack, "dana"));
    List<OutboxItem> ackItems = messages.messages(acked, second, ack, 2, "dana");
    assertThat(ackItems.get(1).message().fallbackText())
        .isEqualTo("brainops-backend: Acknowledged by @dana 1 min after firing");
    Golden.assertMessage(AlertMessagesTest.class, "grouped", ackItems.getFirst().message());
  }

  @Test
  void pendingAndCancelledPostNothing() {
    Incident incident = errorRate();
    assertThat(messages.messages(incident, new AlertEvent.Pending(incident.key(), SINCE, "6"), 1))
        .isEmpty();
    assertThat(
            messages.messages(incident, new AlertEvent.Cancelled(incident.key(), SINCE, FIRED), 2))
        .isEmpty();
  }

  @Test
  void channelIsTheRulesOwnOrTheRouteForItsSeverity() {
    AlertRule warning = AlertFixtures.schedulerJobsBelow61();
    AlertRule info = withChannelAndSeverity(warning, null, "info");
    AlertRule own = withChannelAndSeverity(warning, "#team-agents", "warning");

    assertThat(Incident.fired(1, fired(warning, "ai-agents", "40", "< 61"), ROUTES, null).channel())
        .isEqualTo("#ops-alerts");
    assertThat(Incident.fired(1, fired(info, "ai-agents", "40", "< 61"), ROUTES, null).channel())
        .isEqualTo("#ops-info");
    assertThat(Incident.fired(1, fired(own, "ai-agents", "40", "< 61"), ROUTES, null).channel())
        .isEqualTo("#team-agents");
    assertThatThrownBy(() ->
            Incident.fired(1, fired(warning, "ai-agents", "40", "< 61"), AlertRules.NONE, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no route for severity warning");
  }

  @Test
  void toneFollowsSeverity() {
    AlertRule warning = AlertFixtures.schedulerJobsBelow61();
    Incident warn = Incident.fired(1, fired(warning, "ai-agents", "40", "< 61"), ROUTES, null);
    Incident info =
        Incident.fired(
            2,
            fired(withChannelAndSeverity(warning, null, "info"), "ai-agents", "40", "< 61"),
            ROUTES,
            null);

    assertThat(only(messages.messages(warn, firedOf(warn), 1)).message().tone())
        .isEqualTo(Tone.WARNING);
    assertThat(only(messages.messages(info, firedOf(info), 1)).message().tone())
        .isEqualTo(Tone.NEUTRAL);
  }

  @Test
  void runbookStepsAreItsNumberedLines() {
    assertThat(Runbooks.steps("# Title\n\nSome words.\n1. First `x`.\n2. Second.\n- a bullet\n"))
        .containsExactly("1. First `x`.", "2. Second.");
    assertThat(
            Runbooks.bundled("/alerts/runbooks", List.of("aurea-not-running"))
                .text("aurea-not-running"))
        .isPresent();
    assertThat(RUNBOOKS.text("no-such-runbook")).isEmpty();
    assertThat(RUNBOOKS.text("../secrets")).isEmpty();
  }

  private static AlertRule withChannelAndSeverity(AlertRule rule, String channel, String severity) {
    return new AlertRule(
        rule.id(),
        rule.summary(),
        rule.when(),
        Severity.of(severity),
        rule.holdFor(),
        rule.clearFor(),
        channel,
        rule.runbook(),
        rule.repeatEvery(),
        rule.escalateAfter(),
        rule.services());
  }

  @Test
  void aRulesRunbookActionsAreButtonsOnTheAlertThatAnswerInItsThread() {
    AlertRule plain = AlertFixtures.aureaNotRunning();
    AlertRule rule =
        new AlertRule(
            plain.id(),
            plain.summary(),
            plain.when(),
            plain.severity(),
            plain.holdFor(),
            plain.clearFor(),
            plain.channel(),
            plain.runbook(),
            plain.repeatEvery(),
            plain.escalateAfter(),
            plain.services(),
            null,
            List.of("restart", "logs 15m", "sql failed-jobs"));
    Incident incident =
        Incident.fired(
            42,
            fired(rule, "ai-agents", "false", "= false"),
            ROUTES,
            RUNBOOKS.text(rule.runbook()).orElseThrow());

    Message parent = only(messages.messages(incident, firedOf(incident), 1)).message();

    assertThat(buttons(parent))
        .extracting(Block.Button::actionId, Block.Button::label, Block.Button::value)
        .endsWith(
            org.assertj.core.groups.Tuple.tuple(
                "runbook.restart", "Restart", "ai-agents~alert-42/parent~"),
            org.assertj.core.groups.Tuple.tuple(
                "runbook.logs", "Logs (15m)", "ai-agents~alert-42/parent~15m"),
            org.assertj.core.groups.Tuple.tuple(
                "runbook.sql", "Query (failed-jobs)", "ai-agents~alert-42/parent~failed-jobs"));
    assertThat(buttons(parent))
        .allSatisfy(
            b -> assertThat(b.actionId().length() + 1 + b.value().length()).isLessThan(100));
    assertThat(parent.blocks())
        .contains(
            new Block.Context(
                "Runbook actions, typed: /restart ai-agents \u00b7 /logs ai-agents --since 15m"
                    + " \u00b7 /sql failed-jobs"));
    assertThat(
            buttons(
                messages
                    .messages(
                        incident,
                        new AlertEvent.Resolved(incident.key(), FIRED, FIRED.plusSeconds(60), null),
                        2)
                    .getFirst()
                    .message()))
        .extracting(Block.Button::actionId)
        .containsExactly(AlertMessages.TIMELINE);
  }
}
