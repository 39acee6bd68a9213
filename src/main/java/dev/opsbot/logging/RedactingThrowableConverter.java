package dev.opsbot.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.opsbot.config.SecretRedactor;

/** Stack traces with every known secret masked, since exception messages may quote one. */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return SecretRedactor.redact(super.throwableProxyToString(proxy));
  }
}
