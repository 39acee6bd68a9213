package dev.opsbot.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.opsbot.chat.Message;
import dev.opsbot.config.Secret;
import dev.opsbot.config.SmtpSettings;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Email through a real SMTP server (GreenMail) on loopback. */
class SmtpMailerTest {
  private GreenMail smtp;

  @BeforeEach
  void startServer() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.withConfiguration(
        GreenMailConfiguration.aConfig().withUser("opsbot@example.com", "opsbot", "s3cret-pass"));
    smtp.start();
  }

  @AfterEach
  void stopServer() {
    smtp.stop();
  }

  private SmtpSettings settings(String password) {
    return new SmtpSettings(
        "127.0.0.1",
        smtp.getSmtp().getPort(),
        "opsbot",
        Secret.of(password),
        "opsbot@example.com",
        false,
        Duration.ofSeconds(5));
  }

  @Test
  void plainEmailArrivesWithSubjectAndBody() throws Exception {
    MailResult result =
        new SmtpMailer(settings("s3cret-pass"))
            .send(
                Email.plain(
                    List.of("oncall@example.com"), "CRITICAL: aurea stopped", "Runbook: ..."));

    assertThat(result).isInstanceOf(MailResult.Sent.class);
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("CRITICAL: aurea stopped");
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
    assertThat(received[0].getFrom()[0].toString()).isEqualTo("opsbot@example.com");
    assertThat(GreenMailUtil.getBody(received[0])).contains("Runbook: ...");
  }

  @Test
  void htmlEmailCarriesItsPictureInline() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    Email email =
        new Email(
            List.of("managers@example.com"),
            "Daily digest",
            "All systems healthy",
            "<p>All systems healthy</p><img src=\"cid:chart\">",
            List.of(new Email.InlineImage("chart", "image/png", "chart.png", png)));

    assertThat(new SmtpMailer(settings("s3cret-pass")).send(email))
        .isInstanceOf(MailResult.Sent.class);

    MimeMessage received = smtp.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("multipart/related");
    Multipart related = (Multipart) received.getContent();
    MimeBodyPart picture = (MimeBodyPart) related.getBodyPart(1);
    assertThat(picture.getContentID()).isEqualTo("<chart>");
    assertThat(picture.getInputStream().readAllBytes()).isEqualTo(png);
    Multipart alternative = (Multipart) related.getBodyPart(0).getContent();
    assertThat(alternative.getBodyPart(1).getContent().toString()).contains("cid:chart");
  }

  @Test
  void wrongPasswordIsPermanentAndNeverShowsThePassword() {
    MailResult result =
        new SmtpMailer(settings("wrong-password-123"))
            .send(Email.plain(List.of("oncall@example.com"), "x", "y"));

    assertThat(result).isInstanceOf(MailResult.Permanent.class);
    assertThat(((MailResult.Permanent) result).reason())
        .contains("authentication failed")
        .doesNotContain("wrong-password-123");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void serverDownIsWorthRetrying() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SmtpSettings down =
        new SmtpSettings(
            "127.0.0.1",
            closedPort,
            null,
            null,
            "opsbot@example.com",
            false,
            Duration.ofSeconds(2));

    MailResult result =
        new SmtpMailer(down).send(Email.plain(List.of("oncall@example.com"), "x", "y"));

    assertThat(result).isInstanceOf(MailResult.Transient.class);
    assertThat(((MailResult.Transient) result).reason())
        .isEqualTo("SMTP server 127.0.0.1:" + closedPort + " refused the connection");
  }

  @Test
  void outboxItemsForAnEmailChannelAreMailedToEveryAddress() throws Exception {
    EmailChatSender sender = new EmailChatSender(new SmtpMailer(settings("s3cret-pass")));
    Message message =
        Message.builder("escalation").header("CRITICAL: aurea is not running").text("Page").build();

    SendResult result =
        sender.send(
            OutboxItem.post(
                "alert-7/escalation-email",
                EmailChatSender.channel(List.of("a@example.com", "b@example.com")),
                message));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    assertThat(smtp.getReceivedMessages()).hasSize(2); // one copy per recipient mailbox
    assertThat(smtp.getReceivedMessages()[0].getSubject())
        .isEqualTo("CRITICAL: aurea is not running");
  }
}
