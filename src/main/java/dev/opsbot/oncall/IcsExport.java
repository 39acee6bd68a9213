package dev.opsbot.oncall;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * {@code /oncall export}: the coming shifts as an iCalendar file (RFC 5545), one VEVENT per shift
 * in UTC. A shift's UID is made of its schedule, person and start, so a calendar that subscribes
 * again updates the same events instead of adding copies.
 */
final class IcsExport {
  static final Duration AHEAD = Duration.ofDays(60);

  /** A calendar application takes this many events well; a 3-minute demo rotation makes 28,800. */
  static final int MAX_EVENTS = 1500;

  private final OnCallLookup lookup;

  IcsExport(OnCallLookup lookup) {
    this.lookup = lookup;
  }

  Message export(String scheduleName, Instant now) {
    List<Schedule> schedules =
        scheduleName == null
            ? List.copyOf(lookup.roster().schedules())
            : List.of(lookup.schedule(scheduleName));
    if (schedules.isEmpty()) {
      throw lookup.noSchedules();
    }
    List<Shift> shifts = new ArrayList<>();
    Set<String> unread = new LinkedHashSet<>();
    for (Schedule schedule : schedules) {
      // From the start of the shift running now, so its event keeps its real start (and its UID).
      Instant from = lookup.roster().current(schedule.id(), now).map(Shift::start).orElse(now);
      OnCallRoster.Reading reading = lookup.roster().read(schedule.id(), from, now.plus(AHEAD));
      reading.overridesUnread().ifPresent(unread::add);
      shifts.addAll(reading.shifts());
    }
    int all = shifts.size();
    shifts.sort(java.util.Comparator.comparing(Shift::start));
    if (all > MAX_EVENTS) {
      shifts = new ArrayList<>(shifts.subList(0, MAX_EVENTS));
    }
    String name = "oncall-" + (scheduleName == null ? "all" : schedules.getFirst().id()) + ".ics";
    String which =
        scheduleName == null
            ? schedules.stream().map(Schedule::id).reduce((a, b) -> a + ", " + b).orElse("")
            : schedules.getFirst().id();
    String text =
        all > MAX_EVENTS
            ? "The first "
                + MAX_EVENTS
                + " of "
                + all
                + " shifts of "
                + which
                + " in the next 60 days (until "
                + OnCallTimes.at(shifts.getLast().end(), java.time.ZoneOffset.UTC)
                + "), as an iCalendar file (times in UTC)."
            : all
                + (all == 1 ? " shift" : " shifts")
                + " of "
                + which
                + " in the next 60 days, as an iCalendar file (times in UTC).";
    Message.Builder message =
        Message.builder(text)
            .text(text)
            .add(new Block.File(name, "text/calendar", ics(shifts, now), text));
    OnCallViews.unreadNote(unread).ifPresent(message::context);
    return message.build();
  }

  /** The calendar text; {@code stamp} is when it was made (each event's DTSTAMP). */
  static String ics(List<Shift> shifts, Instant stamp) {
    Calendar calendar = new Calendar();
    calendar.add(new ProdId("-//opsbot//oncall//EN"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    for (Shift shift : shifts) {
      VEvent event =
          new VEvent(
              shift.start(),
              shift.end(),
              "On call: " + shift.person().name() + " (" + shift.schedule() + ")");
      event.add(new Uid(uid(shift)));
      // replace: the constructor stamps the wall clock; the file says when it was made, once.
      event.replace(new DtStamp(stamp));
      event.add(new Description(OnCallViews.source(shift)));
      calendar.add(event);
    }
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String uid(Shift shift) {
    return "oncall-"
        + shift.schedule()
        + "-"
        + shift.person().id()
        + "-"
        + shift.start().getEpochSecond()
        + "@opsbot";
  }
}
