package dev.opsbot.oncall;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The read-only answers of {@code /oncall}: who now, the coming week, my shifts. */
final class OnCallViews {
  static final Duration WEEK = Duration.ofDays(7);
  static final Duration MY_SHIFTS = Duration.ofDays(30);

  /** Rows a chat table shows; a rotation of minutes (the demo's) has thousands a week. */
  static final int MAX_ROWS = 40;

  private final OnCallLookup lookup;

  OnCallViews(OnCallLookup lookup) {
    this.lookup = lookup;
  }

  /** Each schedule: who is on call now and until when, and who is next. */
  Message overview(Instant now) {
    OnCallRoster roster = lookup.roster();
    if (roster.schedules().isEmpty()) {
      throw lookup.noSchedules();
    }
    List<String> lines = new ArrayList<>();
    Set<String> unread = new LinkedHashSet<>();
    for (Schedule schedule : roster.schedules()) {
      OnCallRoster.Now answer = roster.now(schedule.id(), now);
      answer.overridesUnread().ifPresent(unread::add);
      lines.add(schedule.id() + ": " + now(answer, schedule));
    }
    Message.Builder message =
        Message.builder("On call: " + String.join("; ", lines)).header("On call now");
    lines.forEach(message::text);
    unreadNote(unread).ifPresent(message::context);
    return message.build();
  }

  private static String now(OnCallRoster.Now answer, Schedule schedule) {
    String next =
        answer
            .next()
            .map(shift ->
                "next "
                    + shift.person().name()
                    + " ("
                    + source(shift)
                    + ") from "
                    + OnCallTimes.at(shift.start(), schedule.zone()))
            .orElse("nobody next within " + OnCallRoster.LOOK_AHEAD.toDays() + " days");
    if (answer.current().isEmpty()) {
      return "nobody is on call now; " + next;
    }
    Shift current = answer.current().get();
    boolean nextRightAfter =
        answer.next().map(shift -> shift.start().equals(current.end())).orElse(false);
    return current.person().name()
        + " ("
        + source(current)
        + ") until "
        + OnCallTimes.at(current.end(), schedule.zone())
        + "; "
        + (nextRightAfter
            ? "next "
                + answer.next().get().person().name()
                + " ("
                + source(answer.next().get())
                + ")"
            : next);
  }

  /** The coming 7 days of one schedule as a table, gaps shown as nobody. */
  Message week(String scheduleName, Instant now) {
    Schedule schedule = lookup.schedule(scheduleName);
    OnCallRoster.Reading reading = ahead(schedule, now, WEEK);
    List<List<String>> rows = new ArrayList<>();
    Instant covered = now;
    for (Shift shift : reading.shifts()) {
      if (shift.start().isAfter(covered)) {
        rows.add(row(schedule, covered, shift.start(), "nobody", ""));
      }
      rows.add(row(schedule, shift.start(), shift.end(), shift.person().name(), source(shift)));
      covered = shift.end();
    }
    if (covered.isBefore(now.plus(WEEK))) {
      rows.add(row(schedule, covered, now.plus(WEEK), "nobody", ""));
    }
    int all = rows.size();
    rows = rows.subList(0, Math.min(all, MAX_ROWS));
    String title = schedule.id() + ": the coming 7 days (" + schedule.zone().getId() + ")";
    Message.Builder message =
        Message.builder(title)
            .header(title)
            .table(List.of("START", "END", "ON CALL", "FROM"), rows)
            .context(
                "Times in "
                    + schedule.zone().getId()
                    + "; the shift running now is shown from now.");
    more(all).ifPresent(message::context);
    unreadNote(reading.overridesUnread().stream().toList()).ifPresent(message::context);
    return message.build();
  }

  private static List<String> row(
      Schedule schedule, Instant start, Instant end, String person, String source) {
    return List.of(
        OnCallTimes.local(start, schedule.zone()),
        OnCallTimes.local(end, schedule.zone()),
        person,
        source);
  }

  /** The caller's shifts of every schedule in the next 30 days. */
  Message me(Caller caller, Instant now) {
    Person me = lookup.caller(caller).orElseThrow(() -> lookup.notInPeople(caller));
    List<List<String>> rows = new ArrayList<>();
    Set<String> unread = new LinkedHashSet<>();
    for (Schedule schedule : lookup.roster().schedules()) {
      OnCallRoster.Reading reading = ahead(schedule, now, MY_SHIFTS);
      reading.overridesUnread().ifPresent(unread::add);
      for (Shift shift : reading.shifts()) {
        if (shift.person().id().equals(me.id())) {
          rows.add(
              List.of(
                  schedule.id(),
                  OnCallTimes.at(shift.start(), schedule.zone()),
                  OnCallTimes.at(shift.end(), schedule.zone()),
                  source(shift)));
        }
      }
    }
    Message.Builder message;
    if (rows.isEmpty()) {
      String text = me.name() + ", you have no on-call shifts in the next 30 days.";
      message = Message.builder(text).text(text);
    } else {
      String title =
          me.name() + ", your next " + (rows.size() == 1 ? "shift" : rows.size() + " shifts");
      message =
          Message.builder(title)
              .header(title)
              .table(
                  List.of("SCHEDULE", "FROM", "UNTIL", "AS"),
                  rows.subList(0, Math.min(rows.size(), MAX_ROWS)))
              .context("The next 30 days; a shift already running is shown from now.");
      more(rows.size()).ifPresent(message::context);
    }
    unreadNote(unread).ifPresent(message::context);
    return message.visibility(Visibility.EPHEMERAL).build();
  }

  /**
   * The shifts from now that begin within {@code horizon}, each until its real end (as far as the
   * roster looks ahead), not cut at the horizon.
   */
  private OnCallRoster.Reading ahead(Schedule schedule, Instant now, Duration horizon) {
    Instant until = now.plus(horizon);
    OnCallRoster.Reading reading =
        lookup.roster().read(schedule.id(), now, until.plus(OnCallRoster.LOOK_AHEAD));
    return new OnCallRoster.Reading(
        reading.shifts().stream().filter(s -> s.start().isBefore(until)).toList(),
        reading.overridesUnread());
  }

  private static Optional<String> more(int rows) {
    return rows <= MAX_ROWS
        ? Optional.empty()
        : Optional.of(
            "The first "
                + MAX_ROWS
                + " of "
                + rows
                + " rows; /oncall export gives every shift as a calendar file.");
  }

  /** Where a shift comes from: its layer, or the override. */
  static String source(Shift shift) {
    return shift.isOverride() ? "override #" + shift.overrideId() : shift.layer();
  }

  /** The honest note when the state database could not give the overrides. */
  static Optional<String> unreadNote(java.util.Collection<String> why) {
    return why.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "Overrides could not be read: "
                + why.iterator().next()
                + ". This is the rotation without them.");
  }
}
