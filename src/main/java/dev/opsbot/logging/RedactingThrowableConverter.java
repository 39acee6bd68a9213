package dev.opsbot.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.opsbot.config.SecretRedactor;

/**
 * Stack traces with every known secret masked, since exception messages may quote one, and every
 * line indented, so an exception message cannot start a line that reads like a log record.
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return OneLine.trace(SecretRedactor.redact(super.throwableProxyToString(proxy)));
  }
}
