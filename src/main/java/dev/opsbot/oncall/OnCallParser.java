package dev.opsbot.oncall;

import dev.opsbot.command.UsageException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what was typed after {@code /oncall}: its form, a length, a window, an override id. */
final class OnCallParser {
  private static final Pattern LENGTH =
      Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?");
  private static final Pattern WINDOW =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}:\\d{2})\\s*\\.\\.\\s*"
              + "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}:\\d{2})(?:\\s+(\\S+))?");
  private static final Pattern CANCEL_ID = Pattern.compile("#?(\\d{1,18})");

  /** Parses the argument text; throws {@link UsageException} naming what does not fit. */
  private OnCallParser() {}

  static OnCallRequest parse(String text) {
    String[] words = text == null || text.isBlank() ? new String[0] : text.strip().split("\\s+");
    if (words.length == 0) {
      return new OnCallRequest.Overview();
    }
    String first = words[0].toLowerCase(Locale.ROOT);
    String rest = text.strip().substring(words[0].length()).strip();
    return switch (first) {
      case "help" -> only(words, new OnCallRequest.Help());
      case "me" -> only(words, new OnCallRequest.Me());
      case "week" -> only(words, new OnCallRequest.Week(null));
      case "export" -> {
        if (words.length > 2) {
          throw new UsageException("/oncall export takes one schedule at most");
        }
        yield new OnCallRequest.Export(words.length == 2 ? words[1] : null);
      }
      case "override" -> take(words, rest);
      case "swap" -> {
        if (words.length < 2 || words.length > 3) {
          throw new UsageException("write /oncall swap @person [schedule]");
        }
        yield new OnCallRequest.Swap(words[1], words.length == 3 ? words[2] : null);
      }
      case "cancel" -> {
        Matcher id = words.length == 2 ? CANCEL_ID.matcher(words[1]) : null;
        if (id == null || !id.matches()) {
          throw new UsageException("write /oncall cancel <id>, the override's number");
        }
        yield new OnCallRequest.Cancel(Long.parseLong(id.group(1)));
      }
      default -> {
        if (words.length == 2 && words[1].equalsIgnoreCase("week")) {
          yield new OnCallRequest.Week(words[0]);
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
      return new OnCallRequest.Take(
          person,
          new OnCallRequest.When.Between(
              local(window.group(1), window.group(2)), local(window.group(3), window.group(4))),
          window.group(5));
    }
    if (words.length > 4) {
      throw new UsageException(
          "'"
              + shown(after)
              + "' is neither a length (4h) nor a window (2026-12-24 08:00..2026-12-26 08:00)");
    }
    return new OnCallRequest.Take(
        person, new OnCallRequest.When.For(length(words[2])), words.length == 4 ? words[3] : null);
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
