package dev.opsbot.oncall;

import dev.opsbot.command.UsageException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /oncall} was asked, parsed from the text as typed. Names of people and schedules are
 * kept as typed here; {@link OnCallLookup} finds them.
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

  Pattern LENGTH = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?");
  Pattern WINDOW =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}:\\d{2})\\s*\\.\\.\\s*"
              + "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}:\\d{2})(?:\\s+(\\S+))?");
  Pattern CANCEL_ID = Pattern.compile("#?(\\d{1,18})");

  /** Parses the argument text; throws {@link UsageException} naming what does not fit. */
  static OnCallRequest parse(String text) {
    String[] words = text == null || text.isBlank() ? new String[0] : text.strip().split("\\s+");
    if (words.length == 0) {
      return new Overview();
    }
    String first = words[0].toLowerCase(Locale.ROOT);
    String rest = text.strip().substring(words[0].length()).strip();
    return switch (first) {
      case "help" -> only(words, new Help());
      case "me" -> only(words, new Me());
      case "week" -> only(words, new Week(null));
      case "export" -> {
        if (words.length > 2) {
          throw new UsageException("/oncall export takes one schedule at most");
        }
        yield new Export(words.length == 2 ? words[1] : null);
      }
      case "override" -> take(words, rest);
      case "swap" -> {
        if (words.length < 2 || words.length > 3) {
          throw new UsageException("write /oncall swap @person [schedule]");
        }
        yield new Swap(words[1], words.length == 3 ? words[2] : null);
      }
      case "cancel" -> {
        Matcher id = words.length == 2 ? CANCEL_ID.matcher(words[1]) : null;
        if (id == null || !id.matches()) {
          throw new UsageException("write /oncall cancel <id>, the override's number");
        }
        yield new Cancel(Long.parseLong(id.group(1)));
      }
      default -> {
        if (words.length == 2 && words[1].equalsIgnoreCase("week")) {
          yield new Week(words[0]);
        }
        throw new UsageException(
            "'"
                + shown(words[0])
                + "' is not a form of /oncall (me, week, export, override, swap, cancel, help)");
      }
    };
  }

  private static OnCallRequest only(String[] words, OnCallRequest request) {
    if (words.length > 1) {
      throw new UsageException("/oncall " + words[0] + " takes nothing more");
    }
    return request;
  }

  private static OnCallRequest take(String[] words, String rest) {
    if (words.length < 3) {
      throw new UsageException(
          "write /oncall override @person 4h [schedule], or a window such as"
              + " 2026-12-24 08:00..2026-12-26 08:00");
    }
    String person = words[1];
    String after = rest.substring(person.length()).strip();
    Matcher window = WINDOW.matcher(after);
    if (window.matches()) {
      return new Take(
          person,
          new When.Between(
              local(window.group(1), window.group(2)), local(window.group(3), window.group(4))),
          window.group(5));
    }
    if (words.length > 4) {
      throw new UsageException(
          "'"
              + shown(after)
              + "' is neither a length (4h) nor a window (2026-12-24 08:00..2026-12-26 08:00)");
    }
    return new Take(person, new When.For(length(words[2])), words.length == 4 ? words[3] : null);
  }

  /** A length such as {@code 4h}, {@code 90m}, {@code 2d} or {@code 1d12h}. */
  static Duration length(String text) {
    Matcher matcher = LENGTH.matcher(text.toLowerCase(Locale.ROOT));
    if (text.isEmpty() || !matcher.matches()) {
      throw new UsageException(
          "'"
              + shown(text)
              + "' is not a length: write it as 30m, 4h, 2d or 1d12h, or give a window such as"
              + " 2026-12-24 08:00..2026-12-26 08:00");
    }
    Duration length = Duration.ZERO;
    String[] units = {"d", "h", "m"};
    for (int i = 0; i < units.length; i++) {
      String amount = matcher.group(i + 1);
      if (amount != null) {
        long value = Long.parseLong(amount);
        length =
            length.plus(
                switch (units[i]) {
                  case "d" -> Duration.ofDays(value);
                  case "h" -> Duration.ofHours(value);
                  default -> Duration.ofMinutes(value);
                });
      }
    }
    if (length.isZero()) {
      throw new UsageException("an override of no time changes nothing: give a length such as 4h");
    }
    return length;
  }

  private static LocalDateTime local(String date, String time) {
    try {
      String padded = time.length() == 4 ? "0" + time : time;
      return LocalDateTime.of(LocalDate.parse(date), LocalTime.parse(padded));
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "'" + date + " " + time + "' is not a date and time: write it as 2026-12-24 08:00");
    }
  }

  /** A word as echoed back: a pasted page is not repeated to its sender. */
  private static String shown(String word) {
    return word.length() <= 40 ? word : word.substring(0, 40) + "\u2026";
  }
}
