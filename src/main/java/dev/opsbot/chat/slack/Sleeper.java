package dev.opsbot.chat.slack;

import java.time.Duration;

/** Waits a while; tests pass one that records the wait (and moves a fake clock) instead. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
