package dev.opsbot.rollback;

import java.time.Duration;

/** Waits between polls; tests move a fake clock instead of sleeping. */
@FunctionalInterface
public interface Pause {
  Pause SLEEP = duration -> Thread.sleep(duration);

  void pause(Duration duration) throws InterruptedException;
}
