package dev.opsbot.oncall;

import dev.opsbot.config.LayerConfig;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.OnCallValidator;
import dev.opsbot.config.ScheduleConfig;
import dev.opsbot.state.StateUnavailableException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is on call: the schedules of {@code config/oncall.yaml} with the overrides asked for in chat
 * on top. What other features ask of on-call ({@code alert} pages the current on-call of a schedule
 * through it).
 */
public final class OnCallRoster {
  private static final Logger log = LoggerFactory.getLogger(OnCallRoster.class);

  /** How far back and ahead the roster looks to say since and until when a shift lasts. */
  static final Duration LOOK_AHEAD = Duration.ofDays(35);

  private static final Duration SHORT_LOOK = Duration.ofDays(8);

  /** The longest window one question may cover: a year and a bit. */
  static final Duration LONGEST_WINDOW = Duration.ofDays(400);

  private final Map<String, Schedule> schedules;
  private final Map<String, Person> people;
  private final OverrideSource overrides;

  OnCallRoster(
      Map<String, Schedule> schedules, Map<String, Person> people, OverrideSource overrides) {
    // In the file's order: /oncall lists schedules and people as written.
    this.schedules = Collections.unmodifiableMap(new LinkedHashMap<>(schedules));
    this.people = Collections.unmodifiableMap(new LinkedHashMap<>(people));
    this.overrides = overrides;
  }

  /** The roster of a checked configuration ({@link OnCallValidator} found no problem in it). */
  public static OnCallRoster of(OnCallConfig config, OverrideSource overrides) {
    Map<String, Person> people = new LinkedHashMap<>();
    config
        .people()
        .forEach(
            (id, p) -> people.put(id, new Person(id, p.name(), p.slack(), p.discord(), p.email())));
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    config.schedules().forEach((id, s) -> schedules.put(id, schedule(id, s, people)));
    return new OnCallRoster(schedules, people, overrides);
  }

  private static Schedule schedule(String id, ScheduleConfig config, Map<String, Person> people) {
    List<Layer> layers =
        config.layers().stream().map(layer -> layer(id, config, layer, people)).toList();
    // Without a zone of its own (each layer names one), the schedule is shown in its first layer's.
    ZoneId zone =
        config.timeZone() != null
            ? ZoneId.of(config.timeZone())
            : layers.isEmpty() ? ZoneId.of("UTC") : layers.getFirst().zone();
    return new Schedule(id, config.channel(), config.slackUserGroup(), layers, zone);
  }

  private static Layer layer(
      String scheduleId, ScheduleConfig schedule, LayerConfig layer, Map<String, Person> people) {
    Duration length = OnCallValidator.shiftLength(layer.shift()).orElseThrow();
    boolean calendar = length.equals(Duration.ofDays(1)) || length.equals(Duration.ofDays(7));
    LocalTime from = null;
    LocalTime until = null;
    if (layer.hours() != null) {
      String[] range = layer.hours().trim().split("-");
      from = LocalTime.parse(range[0]);
      until = LocalTime.parse(range[1]);
    }
    Set<DayOfWeek> days =
        layer.days().stream()
            .map(day -> OnCallValidator.day(day).orElseThrow())
            .collect(Collectors.toSet());
    return new Layer(
        layer.name() == null ? scheduleId : layer.name(),
        layer.members().stream().map(people::get).toList(),
        ZoneId.of(layer.timeZone() != null ? layer.timeZone() : schedule.timeZone()),
        calendar ? (int) length.toDays() : 0,
        calendar ? null : length,
        layer.handover() == null ? LocalTime.of(9, 0) : LocalTime.parse(layer.handover()),
        LocalDate.parse(layer.start()),
        days,
        from,
        until);
  }

  public Collection<Schedule> schedules() {
    return schedules.values();
  }

  public Optional<Schedule> schedule(String id) {
    return Optional.ofNullable(schedules.get(id));
  }

  public Collection<Person> people() {
    return people.values();
  }

  public Optional<Person> person(String id) {
    return Optional.ofNullable(people.get(id));
  }

  /** The person whose Slack or Discord user id this is. */
  public Optional<Person> personOfUser(String userId) {
    return people.values().stream().filter(p -> p.isUser(userId)).findFirst();
  }

  /**
   * The shifts of {@code schedule} in {@code [from, to)}, overrides applied, gaps left out; the
   * layers alone when the overrides cannot be read (see {@link #read}).
   */
  public List<Shift> shifts(String schedule, Instant from, Instant to) {
    return read(schedule, from, to).shifts();
  }

  /**
   * The shifts of a window, and why the overrides are missing from them when they could not be read
   * (the state database is down): then the layers alone answer, which is who the rotation puts on
   * call, and the caller can say so rather than page nobody.
   */
  public Reading read(String schedule, Instant from, Instant to) {
    Schedule found = checked(schedule, from, to);
    try {
      return new Reading(
          Timeline.shifts(found, overrides.overlapping(schedule, from, to), from, to),
          Optional.empty());
    } catch (StateUnavailableException e) {
      log.warn("event=oncall_overrides_unread schedule={} error=\"{}\"", schedule, e.getMessage());
      return new Reading(Timeline.shifts(found, List.of(), from, to), Optional.of(e.getMessage()));
    }
  }

  /** The shifts the layers alone give, no override applied: whom an override replaces. */
  public List<Shift> layerShifts(String schedule, Instant from, Instant to) {
    return Timeline.shifts(checked(schedule, from, to), List.of(), from, to);
  }

  private Schedule checked(String schedule, Instant from, Instant to) {
    Schedule found = schedules.get(schedule);
    if (found == null) {
      throw new IllegalArgumentException("no schedule '" + schedule + "'");
    }
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(LONGEST_WINDOW) > 0) {
      throw new IllegalArgumentException("a window of up to " + LONGEST_WINDOW.toDays() + " days");
    }
    return found;
  }

  /**
   * Who is on call for {@code schedule} at {@code at}: since when and until when (35 days at most).
   */
  public Optional<Shift> current(String schedule, Instant at) {
    return now(schedule, at).current();
  }

  /** The next shift after the one covering {@code at} (or the first one to come when none does). */
  public Optional<Shift> next(String schedule, Instant at) {
    return now(schedule, at).next();
  }

  /**
   * The shift covering {@code at} and the one after it, with why overrides are missing when they
   * could not be read. A short window is read first, widened to 35 days each way when the shift
   * covering {@code at}, or the one after it, runs into the window's edge.
   */
  public Now now(String schedule, Instant at) {
    Reading near = read(schedule, at.minus(SHORT_LOOK), at.plus(SHORT_LOOK));
    Now found = Now.of(near, at);
    if (!found.clipped(at.minus(SHORT_LOOK), at.plus(SHORT_LOOK))) {
      return found;
    }
    return Now.of(read(schedule, at.minus(LOOK_AHEAD), at.plus(LOOK_AHEAD)), at);
  }

  /** A copy of this roster that reads its overrides from {@code source}. */
  public OnCallRoster withOverrides(OverrideSource source) {
    return new OnCallRoster(schedules, people, source);
  }

  /** Shifts of a window; {@code overridesUnread} says why overrides are missing from them. */
  public record Reading(List<Shift> shifts, Optional<String> overridesUnread) {
    public Reading {
      shifts = List.copyOf(shifts);
    }
  }

  /** The shift at an instant and the next one; {@code overridesUnread} as in {@link Reading}. */
  public record Now(
      Optional<Shift> current, Optional<Shift> next, Optional<String> overridesUnread) {
    static Now of(Reading reading, Instant at) {
      Shift current = null;
      for (Shift shift : reading.shifts()) {
        if (shift.covers(at)) {
          current = shift;
        } else if (shift.start().isAfter(at)) {
          return new Now(
              Optional.ofNullable(current), Optional.of(shift), reading.overridesUnread());
        }
      }
      return new Now(Optional.ofNullable(current), Optional.empty(), reading.overridesUnread());
    }

    boolean clipped(Instant from, Instant to) {
      return current.map(s -> s.start().equals(from) || s.end().equals(to)).orElse(false)
          || next.isEmpty()
          || next.get().end().equals(to);
    }
  }
}
