package dev.opsbot.rollback;

import dev.opsbot.chat.Message;

/**
 * Where a rollback reports once it runs: a message in the requester's channel and replies in its
 * thread (the durable outbox in production).
 */
public interface RollbackReporter {
  /** Posts the message that starts the rollback's thread. */
  void start(RollbackPlan plan, Message message);

  /** Replies in the rollback's thread; {@code step} keeps each reply unique. */
  void reply(RollbackPlan plan, String step, Message message);

  /** Replaces the thread's first message, with the outcome. */
  void update(RollbackPlan plan, Message message);
}
