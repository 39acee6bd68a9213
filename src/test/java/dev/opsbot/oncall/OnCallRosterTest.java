package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rotation arithmetic: who is on call when, on a fixed set of instants rather than a clock. */
class OnCallRosterTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final String PEOPLE =
      """
      people:
        ana: {name: Ana, slack: U0ANA}
        ben: {name: Ben, slack: U0BEN}
        cy: {name: Cy, slack: U0CY}
        dee: {name: Dee, discord: "123456789012345678"}
      """;

  static OnCallRoster roster(String schedules, OverrideSource overrides) {
    List<Problem> problems = new ArrayList<>();
    OnCallConfig config =
        new ConfigLoader(Map.of()).parseOnCall("oncall.yaml", PEOPLE + schedules, problems);
    assertThat(problems).isEmpty();
    return OnCallRoster.of(config, overrides);
  }

  private static OnCallRoster roster(String schedules) {
    return roster(schedules, OverrideSource.NONE);
  }

  private static Instant berlin(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
  }

  private static String who(OnCallRoster roster, Instant at) {
    return roster.current("primary", at).map(shift -> shift.person().id()).orElse("nobody");
  }

  @Test
  void aWeeklyRotationHandsOverAtItsLocalTimeEachWeek() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [ana, ben], shift: weekly, handover: "09:00", start: 2026-11-30}
            """);

    assertThat(who(roster, berlin("2026-11-30T08:59"))).isEqualTo("nobody");
    assertThat(who(roster, berlin("2026-11-30T09:00"))).isEqualTo("ana");
    assertThat(who(roster, berlin("2026-12-07T08:59"))).isEqualTo("ana");
    assertThat(who(roster, berlin("2026-12-07T09:00"))).isEqualTo("ben");
    assertThat(who(roster, berlin("2026-12-14T09:00"))).isEqualTo("ana");
    Shift now = roster.current("primary", berlin("2026-12-09T15:00")).orElseThrow();
    assertThat(now.start()).isEqualTo(berlin("2026-12-07T09:00"));
    assertThat(now.end()).isEqualTo(berlin("2026-12-14T09:00"));
    assertThat(roster.next("primary", berlin("2026-12-09T15:00")).orElseThrow().person().id())
        .isEqualTo("ana");
  }

  @Test
  void aDailyRotationTakesTheMembersInTurn() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [ana, ben, cy], shift: daily, handover: "08:00", start: 2026-12-01}
            """);

    List<String> week =
        roster.shifts("primary", berlin("2026-12-01T08:00"), berlin("2026-12-07T08:00")).stream()
            .map(shift -> shift.person().id())
            .toList();

    assertThat(week).containsExactly("ana", "ben", "cy", "ana", "ben", "cy");
  }

  @Test
  void aLaterLayerWinsWhereItCoversAndTheNightBelongsToTheDayItBegan() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {name: base, members: [ana], shift: weekly, start: 2026-11-30}
                  - name: weekday-days
                    members: [ben, cy]
                    shift: daily
                    handover: "08:00"
                    start: 2026-11-30
                    days: [mon, tue, wed, thu, fri]
                    hours: 08:00-20:00
                  - name: friday-nights
                    members: [dee]
                    shift: weekly
                    start: 2026-11-30
                    timeZone: America/New_York
                    days: [friday]
                    hours: 20:00-06:00
            """);

    // Monday 2026-11-30: ben's day (shift 0 of the day layer), ana outside its hours.
    assertThat(who(roster, berlin("2026-11-30T07:59"))).isEqualTo("nobody");
    assertThat(who(roster, berlin("2026-11-30T09:30"))).isEqualTo("ben");
    assertThat(who(roster, berlin("2026-11-30T20:00"))).isEqualTo("ana");
    assertThat(who(roster, berlin("2026-12-01T12:00"))).isEqualTo("cy");
    // Saturday: no weekday layer.
    assertThat(who(roster, berlin("2026-12-05T12:00"))).isEqualTo("ana");
    // Friday 20:00 in New York is Saturday 02:00 in Berlin; the night runs to 06:00 there.
    assertThat(who(roster, berlin("2026-12-05T01:59"))).isEqualTo("ana");
    assertThat(who(roster, berlin("2026-12-05T02:00"))).isEqualTo("dee");
    assertThat(who(roster, berlin("2026-12-05T11:59"))).isEqualTo("dee");
    assertThat(who(roster, berlin("2026-12-05T12:00"))).isEqualTo("ana");
  }

  @Test
  void anOverrideTakesThePagerAboveEveryLayerAndTheShiftResumesAfterIt() {
    Person cy = new Person("cy", "Cy", "U0CY", null, null);
    Override override =
        new Override(
            7,
            "primary",
            cy,
            berlin("2026-12-08T12:00"),
            berlin("2026-12-08T16:00"),
            "U0BEN",
            berlin("2026-12-08T11:00"));
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [ana, ben], shift: weekly, start: 2026-11-30}
            """,
            (schedule, from, to) -> List.of(override));

    List<Shift> day =
        roster.shifts("primary", berlin("2026-12-08T00:00"), berlin("2026-12-09T00:00"));

    assertThat(day)
        .extracting(s -> s.person().id(), Shift::start, Shift::end, Shift::overrideId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ben", berlin("2026-12-08T00:00"), berlin("2026-12-08T12:00"), null),
            org.assertj.core.groups.Tuple.tuple(
                "cy", berlin("2026-12-08T12:00"), berlin("2026-12-08T16:00"), 7L),
            org.assertj.core.groups.Tuple.tuple(
                "ben", berlin("2026-12-08T16:00"), berlin("2026-12-09T00:00"), null));
  }

  @Test
  void aHandoverInTheHourThatSpringForwardSkipsHappensOnceAnHourLater() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [ana, ben], shift: daily, handover: "02:30", start: 2027-03-26}
            """);

    // 2027-03-28: clocks go from 02:00 to 03:00 in Berlin; 02:30 does not exist that day.
    List<Shift> shifts =
        roster.shifts("primary", berlin("2027-03-27T12:00"), berlin("2027-03-29T12:00"));

    assertThat(shifts).extracting(Shift::start).contains(berlin("2027-03-28T03:30"));
    assertThat(shifts).extracting(s -> s.person().id()).containsExactly("ben", "ana", "ben");
    Shift shortDay = shifts.get(1);
    assertThat(Duration.between(shortDay.start(), shortDay.end())).isEqualTo(Duration.ofHours(23));
    assertThat(shortDay.end()).isEqualTo(berlin("2027-03-29T02:30"));
  }

  @Test
  void aHandoverInTheHourThatFallBackRepeatsHappensOnce() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [ana, ben], shift: daily, handover: "02:30", start: 2026-10-23}
            """);

    // 2026-10-25: clocks go from 03:00 back to 02:00; 02:30 happens twice.
    Instant from = Instant.parse("2026-10-24T12:00:00Z");
    List<Shift> shifts = roster.shifts("primary", from, Instant.parse("2026-10-26T12:00:00Z"));

    assertThat(shifts).extracting(s -> s.person().id()).containsExactly("ben", "ana", "ben");
    // The first 02:30 (summer time, 00:30 UTC), and the day after it is 25 hours long.
    assertThat(shifts.get(1).start()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(Duration.between(shifts.get(1).start(), shifts.get(1).end()))
        .isEqualTo(Duration.ofHours(25));
  }

  @Test
  void aDailyRotationCountsTheLeapDayAsADay() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: UTC
                layers:
                  - {members: [ana, ben], shift: daily, handover: "00:00", start: 2028-02-27}
            """);

    assertThat(who(roster, Instant.parse("2028-02-28T12:00:00Z"))).isEqualTo("ben");
    assertThat(who(roster, Instant.parse("2028-02-29T12:00:00Z"))).isEqualTo("ana");
    assertThat(who(roster, Instant.parse("2028-03-01T12:00:00Z"))).isEqualTo("ben");
  }

  @Test
  void aScheduleOfOneMemberIsOneLongShiftWithNobodyNext() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: UTC
                layers:
                  - {members: [ana], shift: daily, start: 2026-12-01}
            """);
    Instant at = Instant.parse("2026-12-10T12:00:00Z");

    Shift now = roster.current("primary", at).orElseThrow();

    assertThat(now.person().id()).isEqualTo("ana");
    assertThat(now.end()).isEqualTo(at.plus(OnCallRoster.LOOK_AHEAD));
    assertThat(roster.next("primary", at)).isEmpty();
  }

  @Test
  void aShiftGivenAsADurationKeepsElapsedTimeAcrossADaylightSavingChange() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [ana, ben], shift: 12h, handover: "08:00", start: 2027-03-27}
            """);

    List<Shift> shifts =
        roster.shifts("primary", berlin("2027-03-27T08:00"), berlin("2027-03-29T09:00"));

    assertThat(shifts)
        .allSatisfy(s ->
            assertThat(Duration.between(s.start(), s.end()))
                .isLessThanOrEqualTo(Duration.ofHours(12)));
    // After the spring-forward night, the 12-hour shifts begin at 09:00 and 21:00 local time.
    assertThat(shifts).extracting(Shift::start).contains(berlin("2027-03-28T21:00"));
  }

  @Test
  void aMemberIsFoundByEitherChatUserId() {
    OnCallRoster roster =
        roster(
            """
            schedules:
              primary:
                timeZone: UTC
                layers:
                  - {members: [ana, dee], shift: daily, start: 2026-12-01}
            """);

    assertThat(roster.personOfUser("U0ANA").orElseThrow().id()).isEqualTo("ana");
    assertThat(roster.personOfUser("123456789012345678").orElseThrow().id()).isEqualTo("dee");
    assertThat(roster.personOfUser("U0NOBODY")).isEmpty();
  }
}
