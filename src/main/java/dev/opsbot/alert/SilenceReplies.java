package dev.opsbot.alert;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.DurationText;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** What /silence and /maintenance share: listing, ending by id, durations, the start's answer. */
final class SilenceReplies {
  private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d)");
  private static final int MAX_REASON = 300;

  private SilenceReplies() {}

  static List<String> words(String text) {
    String stripped = text == null ? "" : text.strip();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
  }

  static boolean isDuration(String word) {
    return DURATION.matcher(word).matches();
  }

  static Duration duration(String word) {
    try {
      return DurationText.parse(word);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The words after the duration, or null when there are none. */
  static String reason(List<String> words) {
    if (words.isEmpty()) {
      return null;
    }
    String reason = String.join(" ", words);
    if (reason.length() > MAX_REASON) {
      throw new UsageException("the reason is at most " + MAX_REASON + " characters");
    }
    return reason;
  }

  static Message list(SilenceDesk desk, Silence.Kind kind, Clock clock) {
    List<Silence> active = stateful(() -> desk.active(kind));
    String plural = kind == Silence.Kind.SILENCE ? "silences" : "maintenance windows";
    List<MaintenanceSchedule> scheduled =
        kind == Silence.Kind.MAINTENANCE ? desk.schedules() : List.of();
    Message.Builder message;
    if (active.isEmpty()) {
      message = Message.builder("No active " + plural).text("No active " + plural + ".");
    } else {
      String title = active.size() + " active " + (active.size() == 1 ? kind.noun() : plural);
      message =
          Message.builder(title)
              .header(title)
              .tone(Tone.WARNING)
              .table(
                  List.of(
                      "ID",
                      kind == Silence.Kind.SILENCE ? "MATCHES" : "SERVICES",
                      "ENDS",
                      "BY",
                      "REASON"),
                  active.stream().map(s -> SilenceWording.row(s, clock.instant())).toList());
    }
    if (!scheduled.isEmpty()) {
      message
          .text("Scheduled in the configuration:")
          .table(
              List.of("NAME", "SERVICES", "WHEN", "NEXT", "REASON"),
              scheduled.stream().map(s -> SilenceWording.scheduleRow(s, clock.instant())).toList());
    }
    return message.build();
  }

  static Message end(SilenceDesk desk, Silence.Kind kind, List<String> words, Caller caller) {
    if (words.size() != 2) {
      throw new UsageException("write /" + command(kind) + " end <id>");
    }
    long id;
    try {
      id = Long.parseLong(words.get(1));
    } catch (NumberFormatException e) {
      throw new UsageException(
          "'" + words.get(1) + "' is not an id: /" + command(kind) + " lists them");
    }
    SilenceStore.Ended ended = stateful(() -> desk.end(kind, id, caller));
    return switch (ended) {
      case SilenceStore.Ended.Now now ->
          Message.builder("Ended " + kind.noun() + " " + id)
              .text(
                  "Ended "
                      + kind.noun()
                      + " "
                      + id
                      + ": "
                      + SilenceWording.subject(now.silence())
                      + ".")
              .tone(Tone.GOOD)
              .build();
      case SilenceStore.Ended.AlreadyOver over ->
          throw new CommandFailedException(
              capital(kind.noun())
                  + " "
                  + id
                  + " is over already (it ended "
                  + over.silence().effectiveEnd()
                  + ")");
      case SilenceStore.Ended.NotFound none ->
          throw new CommandFailedException(
              "There is no " + kind.noun() + " " + id + ": /" + command(kind) + " lists them");
    };
  }

  static Message started(SilenceDesk.Started started) {
    Silence silence = started.silence();
    String title =
        "Started "
            + silence.kind().noun()
            + " "
            + silence.id()
            + ": "
            + SilenceWording.subject(silence);
    Message.Builder message =
        Message.builder(title)
            .text(
                title
                    + ", until "
                    + SilenceWording.at(silence.endsAt())
                    + ". End it early with /"
                    + command(silence.kind())
                    + " end "
                    + silence.id()
                    + ".")
            .tone(Tone.GOOD);
    started.warning().ifPresent(w -> message.text("Warning: " + w).tone(Tone.WARNING));
    return message.build();
  }

  static <T> T stateful(Supplier<T> work) {
    try {
      return work.get();
    } catch (StateUnavailableException e) {
      throw new CommandFailedException(
          "Silences are kept in the state database, which can't be reached now: " + e.getMessage());
    }
  }

  private static String command(Silence.Kind kind) {
    return kind == Silence.Kind.SILENCE ? "silence" : "maintenance";
  }

  private static String capital(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
