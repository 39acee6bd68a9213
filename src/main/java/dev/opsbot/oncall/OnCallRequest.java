package dev.opsbot.oncall;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * What {@code /oncall} was asked ({@link OnCallParser} reads it from the text as typed). Names of
 * people and schedules are kept as typed here; {@link OnCallLookup} finds them.
 */
sealed interface OnCallRequest {
  /** The forms, as {@code /oncall help} shows them. */
  List<String> FORMS =
      List.of(
          "/oncall: who is on call now for each schedule, until when, and who is next",
          "/oncall <schedule> week: the coming 7 days as a table",
          "/oncall me: your shifts in the next 30 days",
          "/oncall export [schedule]: the coming 60 days as an iCalendar (.ics) file",
          "/oncall override @person 4h [schedule]: @person takes the pager from now for 4h",
          "/oncall override @person 2026-12-24 08:00..2026-12-26 08:00 [schedule]:"
              + " @person takes the pager for that window (the schedule's time zone)",
          "/oncall swap @person [schedule]: you and @person trade your next shifts",
          "/oncall cancel <id>: cancel an override");

  record Overview() implements OnCallRequest {}

  record Week(String schedule) implements OnCallRequest {}

  record Me() implements OnCallRequest {}

  record Export(String schedule) implements OnCallRequest {}

  record Take(String person, When when, String schedule) implements OnCallRequest {}

  record Swap(String person, String schedule) implements OnCallRequest {}

  record Cancel(long id) implements OnCallRequest {}

  record Help() implements OnCallRequest {}

  /** How long an override lasts: from now for a while, or between two local times. */
  sealed interface When {
    record For(Duration length) implements When {}

    record Between(LocalDateTime from, LocalDateTime until) implements When {}
  }
}
