/**
 * The durable outbox: storage, the worker that sends due items, and routing by address to the chat
 * and e-mail senders.
 */
package dev.opsbot.delivery;
