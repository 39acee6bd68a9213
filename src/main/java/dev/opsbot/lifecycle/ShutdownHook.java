package dev.opsbot.lifecycle;

import java.util.concurrent.CountDownLatch;

/**
 * While open, SIGTERM or Ctrl-C stops a lifecycle before the JVM halts. The JVM halts as soon as
 * its shutdown hooks return, so the hook stops everything itself, last started first, rather than
 * waking a thread that would still be stopping when the process ends.
 */
public final class ShutdownHook implements AutoCloseable {
  private final Thread hook;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public ShutdownHook(Lifecycle lifecycle) {
    this.hook =
        new Thread(
            () -> {
              lifecycle.close();
              stopped.countDown();
            },
            "opsbot-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Waits until the JVM is asked to stop and everything has stopped. */
  public void await() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it stops the lifecycle.
    }
  }
}
