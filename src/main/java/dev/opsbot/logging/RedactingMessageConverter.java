package dev.opsbot.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.opsbot.config.SecretRedactor;

/**
 * The log message with every known secret masked (the last line of defence for secrets) and kept on
 * one line, whatever a logged value holds.
 */
public final class RedactingMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return OneLine.message(SecretRedactor.redact(super.convert(event)));
  }
}
