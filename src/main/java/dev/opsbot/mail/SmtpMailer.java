package dev.opsbot.mail;

import dev.opsbot.config.SecretRedactor;
import dev.opsbot.config.SmtpSettings;
import jakarta.activation.DataHandler;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends email over SMTP with Jakarta Mail (Eclipse Angus): one attempt per call, with connect, read
 * and write timeouts; the outbox decides about retrying from the answer.
 */
public final class SmtpMailer {
  private final SmtpSettings settings;
  private final Session session;

  public SmtpMailer(SmtpSettings settings) {
    if (!settings.configured()) {
      throw new IllegalArgumentException("smtp.host is not set");
    }
    this.settings = settings;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", settings.host());
    properties.put("mail.smtp.port", Integer.toString(settings.port()));
    String millis = Long.toString(settings.timeout().toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    if (settings.startTls()) {
      properties.put("mail.smtp.starttls.enable", "true");
      properties.put("mail.smtp.starttls.required", "true");
    }
    Authenticator authenticator = null;
    if (settings.user() != null) {
      properties.put("mail.smtp.auth", "true");
      String user = settings.user();
      String password = settings.password() == null ? "" : settings.password().reveal();
      authenticator =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password);
            }
          };
    }
    this.session = Session.getInstance(properties, authenticator);
  }

  public MailResult send(Email email) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(settings.from()));
      for (String to : email.to()) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      }
      message.setSubject(email.subject(), "UTF-8");
      if (email.html() == null) {
        message.setText(email.text(), "UTF-8");
      } else {
        message.setContent(body(email));
      }
      message.saveChanges();
      Transport.send(message);
      return new MailResult.Sent(message.getMessageID());
    } catch (AddressException e) {
      return new MailResult.Permanent("bad address: " + e.getMessage());
    } catch (SMTPAddressFailedException e) {
      return new MailResult.Permanent("recipient refused: " + clean(e.getMessage()));
    } catch (SMTPSendFailedException e) {
      return e.getReturnCode() >= 500
          ? new MailResult.Permanent("server refused: " + clean(e.getMessage()))
          : new MailResult.Transient("server deferred: " + clean(e.getMessage()));
    } catch (SendFailedException e) {
      return new MailResult.Permanent("no valid recipient: " + clean(e.getMessage()));
    } catch (jakarta.mail.AuthenticationFailedException e) {
      return new MailResult.Permanent(
          "authentication failed for smtp.user " + settings.user() + ": check the password");
    } catch (MessagingException e) {
      return new MailResult.Transient(describe(e));
    }
  }

  private static MimeMultipart body(Email email) throws MessagingException {
    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(email.text(), "UTF-8");
    alternative.addBodyPart(text);
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(email.html(), "text/html; charset=UTF-8");
    alternative.addBodyPart(html);
    if (email.images().isEmpty()) {
      return alternative;
    }
    MimeMultipart related = new MimeMultipart("related");
    MimeBodyPart wrapped = new MimeBodyPart();
    wrapped.setContent(alternative);
    related.addBodyPart(wrapped);
    for (Email.InlineImage image : email.images()) {
      MimeBodyPart part = new MimeBodyPart();
      part.setDataHandler(
          new DataHandler(new ByteArrayDataSource(image.bytes(), image.mimeType())));
      part.setContentID("<" + image.contentId() + ">");
      part.setDisposition(MimeBodyPart.INLINE);
      part.setFileName(image.fileName());
      related.addBodyPart(part);
    }
    return related;
  }

  private String describe(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String where = settings.host() + ":" + settings.port();
    return switch (cause) {
      case UnknownHostException u -> "unknown SMTP host " + settings.host();
      case ConnectException c -> "SMTP server " + where + " refused the connection";
      case SocketTimeoutException t ->
          "SMTP server "
              + where
              + " did not answer within "
              + settings.timeout().toSeconds()
              + " s";
      default -> "SMTP " + where + ": " + clean(cause.getMessage());
    };
  }

  private static String clean(String message) {
    return message == null ? "" : SecretRedactor.redact(message.strip().replace('\n', ' '));
  }
}
