/**
 * The durable outbox: storage, the worker that sends due items, and routing by address to the chat
 * and e-mail senders.
 *
 * <p>An item whose last attempt ended without a definite answer is <em>in doubt</em>: the platform
 * may hold it although no answer said so. A plain retry would then post it twice, so the outbox
 * tells the sender ({@link dev.opsbot.delivery.OutboxItem#inDoubt()}), and the sender checks the
 * platform first (Slack: a metadata search of the channel; Discord: a nonce it enforces). Items are
 * held under a short lease that the worker renews while it sends, and handed back on close.
 */
package dev.opsbot.delivery;
