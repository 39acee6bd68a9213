package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/**
 * The SMTP server opsbot sends email through (alert escalations, the daily digest). Without a
 * {@code host}, no email is sent and features that would send one say so at start-up.
 *
 * @param startTls upgrade the connection with STARTTLS (required when set; default true unless the
 *     port is 25 on loopback, as in tests)
 */
public record SmtpSettings(
    String host,
    Integer port,
    String user,
    Secret password,
    String from,
    Boolean startTls,
    Duration timeout) {
  public static final SmtpSettings NONE =
      new SmtpSettings(null, null, null, null, null, null, null);

  public SmtpSettings {
    if (host != null && host.isBlank()) {
      host = null;
    }
    if (user != null && user.isBlank()) {
      user = null;
    }
    port = requireNonNullElse(port, 587);
    from = requireNonNullElse(from, "opsbot@localhost");
    startTls = requireNonNullElse(startTls, true);
    timeout = requireNonNullElse(timeout, Duration.ofSeconds(10));
  }

  public boolean configured() {
    return host != null;
  }
}
