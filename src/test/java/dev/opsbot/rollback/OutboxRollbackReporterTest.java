package dev.opsbot.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Message;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.delivery.OutboxItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxRollbackReporterTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  /** Keeps what is enqueued; nothing is sent. */
  private static final class RecordingOutbox implements Outbox {
    final List<OutboxItem> items = new ArrayList<>();

    @Override
    public boolean enqueue(OutboxItem item, Instant now) {
      return items.add(item);
    }

    @Override
    public List<OutboxItem> claimDue(Instant now, int limit, Duration lease, String claimer) {
      return List.of();
    }

    @Override
    public boolean attemptStarts(long id, String claimer, Instant leaseUntil) {
      return true;
    }

    @Override
    public void renewLeases(java.util.Collection<Long> ids, String claimer, Instant until) {}

    @Override
    public void handBack(java.util.Collection<Long> ids, String claimer, Instant now) {}

    @Override
    public void markSent(long id, String platformRef, Instant at) {}

    @Override
    public void retryAt(long id, Instant next, String error, boolean inDoubt) {}

    @Override
    public void markFailed(long id, String error) {}
  }

  private static RollbackPlan planAskedOn(String platform, String channel) {
    return new RollbackPlan(
        7,
        "backend",
        "render",
        "srv-1",
        null,
        null,
        new RollbackPlan.Requester(platform, "U1", "olga", channel),
        NOW,
        NOW.plusSeconds(300),
        false,
        null,
        RollbackPlan.State.RUNNING,
        null,
        "U1",
        RollbackPlan.Action.ROLLBACK,
        null);
  }

  private static List<String> channelsOfReportsFor(RollbackPlan plan) {
    RecordingOutbox outbox = new RecordingOutbox();
    OutboxRollbackReporter reporter =
        new OutboxRollbackReporter(outbox, () -> {}, Clock.fixed(NOW, ZoneOffset.UTC));
    Message message = Message.builder("x").text("x").build();
    reporter.start(plan, message);
    reporter.reply(plan, "deploy", message);
    reporter.update(plan, message);
    return outbox.items.stream().map(OutboxItem::channel).toList();
  }

  @Test
  void aRollbackAskedOnDiscordReportsThroughTheDiscordRoute() {
    assertThat(channelsOfReportsFor(planAskedOn("discord", "112233")))
        .containsOnly("discord:112233")
        .hasSize(3);
  }

  @Test
  void aRollbackAskedOnSlackReportsInItsChannel() {
    assertThat(channelsOfReportsFor(planAskedOn("slack", "C0OPS"))).containsOnly("C0OPS");
  }
}
