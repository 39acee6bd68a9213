package dev.opsbot.platform;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What /logs says: the newest lines in the message, every line read as a file beside it. */
final class LogsMessages {
  /** A line longer than this is cut in the message; the file keeps it whole. */
  private static final int LINE_CHARS = 300;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

  private LogsMessages() {}

  static Message logs(String service, LogQuery query, LogRead read, int shown) {
    List<LogLine> lines = read.lines();
    String filters =
        (query.grep() == null ? "" : ", containing \u201c" + query.grep() + "\u201d")
            + (query.level() == null ? "" : ", level " + query.level());
    String headline =
        "Logs of %s, last %s%s: %d line%s"
            .formatted(
                service,
                HumanTime.span(query.since()),
                filters,
                lines.size(),
                lines.size() == 1 ? "" : "s");
    Message.Builder message =
        Message.builder(headline)
            .header(headline)
            .tone(hasErrors(lines) ? Tone.WARNING : Tone.NEUTRAL);
    if (lines.isEmpty()) {
      message.text("No lines in that window. Try a longer one: /logs " + service + " --since 1h");
    } else {
      List<LogLine> newest = lines.subList(Math.max(0, lines.size() - shown), lines.size());
      StringBuilder code = new StringBuilder();
      for (LogLine line : newest) {
        code.append(shortLine(line)).append('\n');
      }
      message.code(code.toString().stripTrailing());
      if (lines.size() > newest.size()) {
        message.context(
            "The newest "
                + newest.size()
                + " of "
                + lines.size()
                + " lines; all of them are in the file.");
      }
      message.add(
          new Block.File(
              service + "-logs.txt",
              "text/plain",
              file(lines),
              lines.size() + " log lines of " + service));
    }
    if (read.cut() != null) {
      message.context(read.cut() + ".");
    }
    return message.build();
  }

  private static boolean hasErrors(List<LogLine> lines) {
    return lines.stream()
        .anyMatch(l -> l.level() != null && l.level().toLowerCase(Locale.ROOT).startsWith("err"));
  }

  private static String shortLine(LogLine line) {
    String text = line.text().replace('\n', ' ');
    if (text.length() > LINE_CHARS) {
      text = text.substring(0, LINE_CHARS - 1) + "\u2026";
    }
    return (line.at() == null ? "--:--:--" : TIME.format(line.at()))
        + " "
        + (line.level() == null ? "" : line.level().toUpperCase(Locale.ROOT) + " ")
        + text;
  }

  private static String file(List<LogLine> lines) {
    StringBuilder out = new StringBuilder();
    for (LogLine line : lines) {
      out.append(line.at() == null ? "-" : FILE_TIME.format(line.at()))
          .append(' ')
          .append(line.level() == null ? "-" : line.level())
          .append(' ')
          .append(line.text())
          .append('\n');
    }
    return out.toString();
  }
}
