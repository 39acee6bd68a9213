package dev.opsbot.heartbeat;

import dev.opsbot.config.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** When a monitor expects its job's pings, and so when one is late. */
public sealed interface Expectation {

  /** The instant after which, with no newer ping than {@code ping}, the job counts as late. */
  Instant dueAfterPing(Instant ping);

  /**
   * The same when no ping is known since opsbot began watching at {@code start}: a job is given its
   * first full period (or deadline) before it is missed.
   */
  Instant dueAfterStart(Instant start);

  /** The deadline itself, without the grace: what "expected by" names. */
  Instant expectedBy(Instant due);

  /** The zone times are told in. */
  ZoneId zone();

  /** "every 5m (grace 1m)", "daily by 03:30 Europe/Berlin". */
  String describe();

  /** A ping at least every {@code every}, at most {@code grace} late. */
  record Every(Duration every, Duration grace) implements Expectation {
    @Override
    public Instant dueAfterPing(Instant ping) {
      return ping.plus(every).plus(grace);
    }

    @Override
    public Instant dueAfterStart(Instant start) {
      return dueAfterPing(start);
    }

    @Override
    public Instant expectedBy(Instant due) {
      return due.minus(grace);
    }

    @Override
    public ZoneId zone() {
      return ZoneOffset.UTC;
    }

    @Override
    public String describe() {
      return "every "
          + DurationText.format(every)
          + (grace.isZero() ? "" : " (grace " + DurationText.format(grace) + ")");
    }
  }

  /**
   * A ping each day by {@code by} in {@code zone}: at each deadline there must have been a ping
   * since the one before (the window from yesterday's deadline to today's). Deadlines are
   * wall-clock times, so a window is 23 or 25 hours long when the clocks change; a deadline that
   * falls into the hour skipped in spring moves on by that hour, as {@link ZonedDateTime#of} does.
   */
  record Daily(LocalTime by, ZoneId zone, Duration grace) implements Expectation {
    @Override
    public Instant dueAfterPing(Instant ping) {
      // The ping covers the first deadline at or after it; the next one needs a newer ping.
      return deadlineAfter(firstDeadlineAtOrAfter(ping)).plus(grace);
    }

    @Override
    public Instant dueAfterStart(Instant start) {
      return firstDeadlineAtOrAfter(start).plus(grace);
    }

    @Override
    public Instant expectedBy(Instant due) {
      return due.minus(grace);
    }

    @Override
    public String describe() {
      return "daily by "
          + HeartbeatTimes.HH_MM.format(by)
          + " "
          + zone.getId()
          + (grace.isZero() ? "" : " (grace " + DurationText.format(grace) + ")");
    }

    Instant deadlineOn(LocalDate day) {
      return ZonedDateTime.of(day, by, zone).toInstant();
    }

    Instant firstDeadlineAtOrAfter(Instant instant) {
      LocalDate day = LocalDate.ofInstant(instant, zone).minusDays(1);
      Instant deadline = deadlineOn(day);
      while (deadline.isBefore(instant)) {
        day = day.plusDays(1);
        deadline = deadlineOn(day);
      }
      return deadline;
    }

    Instant deadlineAfter(Instant deadline) {
      return deadlineOn(LocalDate.ofInstant(deadline, zone).plusDays(1));
    }
  }
}
