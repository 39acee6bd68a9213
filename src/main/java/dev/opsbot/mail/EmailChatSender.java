package dev.opsbot.mail;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.console.ConsoleRenderer;
import dev.opsbot.delivery.ChatSender;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import java.util.Arrays;
import java.util.List;

/**
 * Delivers outbox items addressed to {@code email:a@example.com,b@example.com} as plain-text email,
 * so an escalation email waits out an SMTP outage in the outbox like a Slack message does.
 */
public final class EmailChatSender implements ChatSender {
  public static final String PREFIX = "email:";

  private final SmtpMailer mailer;
  private final ConsoleRenderer renderer = new ConsoleRenderer();

  public EmailChatSender(SmtpMailer mailer) {
    this.mailer = mailer;
  }

  /** The outbox channel that emails {@code addresses}. */
  public static String channel(List<String> addresses) {
    return PREFIX + String.join(",", addresses);
  }

  @Override
  public SendResult send(OutboxItem item) {
    List<String> to =
        Arrays.stream(item.channel().substring(PREFIX.length()).split(","))
            .map(String::strip)
            .filter(a -> !a.isEmpty())
            .toList();
    if (to.isEmpty()) {
      return new SendResult.Failed("no address in " + item.channel());
    }
    Message message = item.message();
    return switch (mailer.send(Email.plain(to, subject(message), renderer.render(message)))) {
      case MailResult.Sent sent -> new SendResult.Sent(sent.messageId());
      case MailResult.Transient t -> new SendResult.RetryLater(null, t.reason());
      case MailResult.Permanent p -> new SendResult.Failed(p.reason());
    };
  }

  private static String subject(Message message) {
    return message.blocks().stream()
        .filter(Block.Header.class::isInstance)
        .map(b -> ((Block.Header) b).text())
        .findFirst()
        .orElse(message.fallbackText());
  }
}
