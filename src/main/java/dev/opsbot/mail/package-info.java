/**
 * E-mail: SMTP through Jakarta Mail, HTML rendering of messages, the outbox's {@code email:}
 * channel.
 */
package dev.opsbot.mail;
