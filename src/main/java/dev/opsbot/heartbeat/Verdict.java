package dev.opsbot.heartbeat;

import java.time.Instant;

/**
 * Whether a monitor's job is on time now, in words: "no ping since 02:10, expected by 03:30
 * Europe/Berlin" or "last ping 02:10, next by 03:30 Europe/Berlin".
 *
 * @param lastPing the newest successful ping, null before the first
 * @param expectedBy the deadline the job is measured against (missed, or the next one)
 */
public record Verdict(boolean late, String reason, Instant lastPing, Instant expectedBy) {

  /** Judges {@code pings} at {@code now} for a monitor this replica watches since {@code start}. */
  public static Verdict of(Expectation expectation, LastPings pings, Instant start, Instant now) {
    var zone = expectation.zone();
    Instant last = pings.success();
    if (pings.failing()) {
      return new Verdict(
          true,
          "the job reported a failure at "
              + HeartbeatTimes.atIn(pings.failure(), now, zone)
              + (last == null ? "" : "; last good ping " + HeartbeatTimes.at(last, now, zone)),
          last,
          null);
    }
    Instant fromPing = last == null ? null : expectation.dueAfterPing(last);
    Instant fromStart = expectation.dueAfterStart(start);
    // Before the first period since opsbot began watching is over, an old ping does not count
    // against the job: opsbot may have been down when it pinged.
    Instant due = fromPing != null && fromPing.isAfter(fromStart) ? fromPing : fromStart;
    Instant expected = expectation.expectedBy(due);
    String by = HeartbeatTimes.atIn(expected, now, zone);
    if (now.isAfter(due)) {
      String since =
          last == null
              ? "no ping since opsbot began watching at " + HeartbeatTimes.at(start, now, zone)
              : "no ping since " + HeartbeatTimes.at(last, now, zone);
      return new Verdict(true, since + ", expected by " + by, last, expected);
    }
    String seen = last == null ? "no ping yet" : "last ping " + HeartbeatTimes.at(last, now, zone);
    return new Verdict(false, seen + ", next by " + by, last, expected);
  }
}
