package dev.opsbot.logging;

import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends every logging framework in the process through logback, whose layout masks secrets:
 * java.util.logging (pgjdbc, OkHttp, and the JDK's own {@code System.Logger}, used by its HTTP
 * client and server) would otherwise print to standard error by itself, secrets in clear.
 */
public final class LogRouting {
  private LogRouting() {}

  /**
   * Replaces java.util.logging's console handler with the bridge to SLF4J, and logs what kills a
   * thread (the JVM would print it raw on standard error); safe to call twice.
   */
  public static synchronized void install() {
    if (SLF4JBridgeHandler.isInstalled()) {
      return;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
        LoggerFactory.getLogger(LogRouting.class)
            .error(
                "event=thread_died thread=\"{}\" error=\"{}\"", thread.getName(), e.toString(), e));
  }
}
