package dev.opsbot.rollback;

import dev.opsbot.chat.Message;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.delivery.OutboxItem;
import java.time.Clock;

/**
 * Reports rollbacks through the durable outbox: a message in the requester's channel, its thread
 * for progress and outcome, and an edit of the first message with the outcome. Keys are unique per
 * plan and step, so a report is never posted twice.
 */
public final class OutboxRollbackReporter implements RollbackReporter {
  private final Outbox outbox;
  private final Runnable wake;
  private final Clock clock;

  public OutboxRollbackReporter(Outbox outbox, Runnable wake, Clock clock) {
    this.outbox = outbox;
    this.wake = wake;
    this.clock = clock;
  }

  @Override
  public void start(RollbackPlan plan, Message message) {
    // A plan made from an alert's button reports in the alert's thread: its first message is a
    // reply there, and the later ones reply to the same thread.
    enqueue(
        plan.thread() == null
            ? OutboxItem.post(parent(plan), channel(plan), message)
            : OutboxItem.reply(parent(plan), channel(plan), plan.thread(), message));
  }

  @Override
  public void reply(RollbackPlan plan, String step, Message message) {
    String thread = plan.thread() == null ? parent(plan) : plan.thread();
    enqueue(OutboxItem.reply(parent(plan) + "-" + step, channel(plan), thread, message));
  }

  @Override
  public void update(RollbackPlan plan, Message message) {
    enqueue(OutboxItem.update(parent(plan) + "-final", channel(plan), parent(plan), message));
  }

  private void enqueue(OutboxItem item) {
    outbox.enqueue(item, clock.instant());
    wake.run();
  }

  private static String parent(RollbackPlan plan) {
    return "rollback-" + plan.id();
  }

  private static String channel(RollbackPlan plan) {
    return ChatAddress.of(plan.requester().platform(), plan.requester().channel());
  }
}
