package dev.opsbot.mail;

/** What one attempt to hand an email to the SMTP server came to. */
public sealed interface MailResult {
  record Sent(String messageId) implements MailResult {}

  /** The server could not be reached or answered 4xx: worth trying again later. */
  record Transient(String reason) implements MailResult {}

  /** The server refused it for good (5xx, bad address, authentication): fix, don't retry. */
  record Permanent(String reason) implements MailResult {}
}
