package dev.opsbot.mail;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.delivery.ChatSender;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import java.util.Arrays;
import java.util.List;

/**
 * Delivers outbox items addressed to {@code email:a@example.com,b@example.com} as email (plain
 * text, and HTML with the pictures inline when the message carries one), so an escalation email
 * waits out an SMTP outage in the outbox like a Slack message does.
 */
public final class EmailChatSender implements ChatSender {
  public static final String PREFIX = "email:";

  private final SmtpMailer mailer;
  private final PlainTextRenderer renderer = new PlainTextRenderer();
  private final HtmlRenderer html = new HtmlRenderer();

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
    String text = renderer.render(message);
    Email email =
        hasPicture(message)
            ? html(to, subject(message), text, html.render(message))
            : Email.plain(to, subject(message), text);
    return switch (mailer.send(email)) {
      case MailResult.Sent sent -> new SendResult.Sent(sent.messageId());
      // E-mail is not looked up before a resend: a lost SMTP answer may send a second mail.
      case MailResult.Transient t -> SendResult.RetryLater.inDoubt(null, t.reason());
      case MailResult.Permanent p -> new SendResult.Failed(p.reason());
    };
  }

  private static boolean hasPicture(Message message) {
    return message.blocks().stream()
        .anyMatch(block -> block instanceof Block.File file && file.isImage());
  }

  private static Email html(
      List<String> to, String subject, String text, HtmlRenderer.Html rendered) {
    return new Email(to, subject, text, rendered.html(), rendered.images());
  }

  private static String subject(Message message) {
    return message.blocks().stream()
        .filter(Block.Header.class::isInstance)
        .map(b -> ((Block.Header) b).text())
        .findFirst()
        .orElse(message.fallbackText());
  }
}
