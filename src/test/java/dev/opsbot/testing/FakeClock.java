package dev.opsbot.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it; safe to read from any thread. */
public final class FakeClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public FakeClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  public FakeClock() {
    this(Instant.parse("2026-11-02T09:00:00Z"));
  }

  private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time seen from another zone: advancing either advances both. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new FakeClock(now, zone);
  }
}
