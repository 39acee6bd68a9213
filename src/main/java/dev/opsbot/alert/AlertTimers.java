package dev.opsbot.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What time alone does to firing alerts: repeats an unacknowledged alert every repeatEvery and ends
 * snoozes. Called on a schedule; events come at the granularity of the calls. (Escalation pages are
 * timed from the state database: {@link Escalator}.)
 */
public final class AlertTimers {
  private final AlertBoard board;
  private final Clock clock;

  public AlertTimers(AlertBoard board, Clock clock) {
    this.board = Objects.requireNonNull(board);
    this.clock = Objects.requireNonNull(clock);
  }

  public List<AlertEvent> tick() {
    Instant now = clock.instant();
    return board.change(states -> {
      List<AlertEvent> events = new ArrayList<>();
      for (Map.Entry<AlertKey, AlertState> entry : states.entrySet()) {
        if (entry.getValue() instanceof AlertState.Firing firing && !firing.acknowledged()) {
          entry.setValue(tick(entry.getKey(), firing, now, events));
        }
      }
      return List.copyOf(events);
    });
  }

  private static AlertState.Firing tick(
      AlertKey key, AlertState.Firing firing, Instant now, List<AlertEvent> events) {
    if (firing.snoozedAt(now)) {
      return firing;
    }
    if (firing.snoozedUntil() != null) {
      // The snooze ran out: the alert speaks again and its repeat clock restarts from the end of
      // the snooze, giving people the same time to react as to a new alert.
      Instant until = firing.snoozedUntil();
      events.add(new AlertEvent.SnoozeExpired(key, now));
      return firing.timers(null, until.plus(firing.rule().repeatEvery()), firing.repeats());
    }
    Instant nextRepeatAt = firing.nextRepeatAt();
    int repeats = firing.repeats();
    if (!now.isBefore(nextRepeatAt)) {
      repeats++;
      events.add(new AlertEvent.Repeated(key, repeats, now));
      nextRepeatAt = nextRepeatAt.plus(firing.rule().repeatEvery());
      if (!now.isBefore(nextRepeatAt)) {
        // Ticks stopped for a while (a pause, a busy host): one repeat, not a burst.
        nextRepeatAt = now.plus(firing.rule().repeatEvery());
      }
    }
    return firing.timers(null, nextRepeatAt, repeats);
  }
}
