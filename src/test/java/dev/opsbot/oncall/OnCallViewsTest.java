package dev.opsbot.oncall;

import static dev.opsbot.oncall.OnCallFixture.ANA;
import static dev.opsbot.oncall.OnCallFixture.STRANGER;
import static dev.opsbot.oncall.OnCallFixture.WEDNESDAY;
import static dev.opsbot.oncall.OnCallFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.state.StateUnavailableException;
import dev.opsbot.testing.FakeClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /oncall shows, word for word: now, the week, my shifts, help, and a missing database. */
class OnCallViewsTest {
  private final FakeClock clock = new FakeClock(WEDNESDAY);

  /** Ben covers Thursday 08:00-14:00 Berlin (override #4). */
  private static final OverrideSource BEN_THURSDAY =
      (schedule, from, to) -> {
        Override thursday =
            new Override(
                4,
                "primary",
                new Person("ben", "Ben", "U0BEN", null, null),
                Instant.parse("2026-12-03T07:00:00Z"),
                Instant.parse("2026-12-03T13:00:00Z"),
                "U0BEN",
                WEDNESDAY);
        return schedule.equals("primary")
                && thursday.start().isBefore(to)
                && thursday.end().isAfter(from)
            ? List.of(thursday)
            : List.of();
      };

  private CommandRouter router(String file, OverrideSource overrides) {
    OnCallRoster roster = OnCallFixture.roster(file, overrides);
    return CommandRouter.withHelp(
        List.of(
            new OnCallCommand(
                roster,
                null,
                AccessPolicy.allowAll(),
                AuditTrail.NONE,
                "config/oncall.yaml",
                clock)));
  }

  private String answer(String line, Caller caller) {
    return text(router(OnCallFixture.TWO_SCHEDULES, BEN_THURSDAY).handle(line, caller));
  }

  @Test
  void nowShowsEachScheduleWhoUntilWhenInItsZoneAndUtcAndWhoIsNext() {
    assertThat(answer("/oncall", ANA))
        .isEqualTo(
            """
            == On call now ==
            primary: Ana (weekly) until Thu 3 Dec 08:00 CET (07:00 UTC); next Ben (override #4)
            nights: nobody is on call now; next Cy (night) from Wed 2 Dec 20:00 UTC
            """);
    clock.set(Instant.parse("2026-12-02T21:00:00Z"));
    assertThat(answer("/oncall", ANA))
        .contains(
            "nights: Cy (night) until Thu 3 Dec 06:00 UTC; next Dee (night) from Thu 3 Dec"
                + " 20:00 UTC");
  }

  @Test
  void theWeekIsATableWithOverridesAndGapsNamed() {
    assertThat(answer("/oncall primary week", ANA))
        .isEqualTo(
            """
            == primary: the coming 7 days (Europe/Berlin) ==
            START            END               ON CALL  FROM
            Wed 2 Dec 11:00  Thu 3 Dec 08:00   Ana      weekly
            Thu 3 Dec 08:00  Thu 3 Dec 14:00   Ben      override #4
            Thu 3 Dec 14:00  Mon 7 Dec 09:00   Ana      weekly
            Mon 7 Dec 09:00  Mon 14 Dec 09:00  Ben      weekly
              Times in Europe/Berlin; the shift running now is shown from now.
            """);
    assertThat(answer("/oncall nights week", ANA))
        .startsWith(
            """
            == nights: the coming 7 days (UTC) ==
            START            END              ON CALL  FROM
            Wed 2 Dec 10:00  Wed 2 Dec 20:00  nobody
            Wed 2 Dec 20:00  Thu 3 Dec 06:00  Cy       night
            Thu 3 Dec 06:00  Thu 3 Dec 20:00  nobody
            """);
  }

  @Test
  void meListsMyShiftsOfTheNext30DaysUntilTheirRealEnd() {
    Message mine = router(OnCallFixture.TWO_SCHEDULES, BEN_THURSDAY).handle("/oncall me", ANA);
    assertThat(mine.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(text(mine))
        .isEqualTo(
            """
            == Ana, your next 4 shifts ==
            SCHEDULE  FROM                              UNTIL                             AS
            primary   Wed 2 Dec 11:00 CET (10:00 UTC)   Thu 3 Dec 08:00 CET (07:00 UTC)   weekly
            primary   Thu 3 Dec 14:00 CET (13:00 UTC)   Mon 7 Dec 09:00 CET (08:00 UTC)   weekly
            primary   Mon 14 Dec 09:00 CET (08:00 UTC)  Mon 21 Dec 09:00 CET (08:00 UTC)  weekly
            primary   Mon 28 Dec 09:00 CET (08:00 UTC)  Mon 4 Jan 09:00 CET (08:00 UTC)   weekly
              The next 30 days; a shift already running is shown from now.
            """);
  }

  @Test
  void meForSomeoneNotInPeopleSaysWhereToAddThem() {
    assertThat(answer("/oncall me", STRANGER))
        .isEqualTo(
            "You (U0NOBODY) are not an on-call person: nobody under people: in config/oncall.yaml"
                + " has your slack: user id. Add it there to see your shifts and trade them.\n");
    assertThat(answer("/oncall me", OnCallFixture.LEAD))
        .isEqualTo("Lead, you have no on-call shifts in the next 30 days.\n");
  }

  @Test
  void anUnknownScheduleIsRefusedWithTheListOfSchedules() {
    assertThat(answer("/oncall secondary week", ANA))
        .isEqualTo("There is no schedule 'secondary'. The schedules are: primary, nights.\n");
  }

  @Test
  void helpShowsEveryForm() {
    assertThat(answer("/oncall help", STRANGER))
        .contains(
            "/oncall override @person 2026-12-24 08:00..2026-12-26 08:00 [schedule]: @person takes"
                + " the pager for that window (the schedule's time zone)",
            "/oncall swap @person [schedule]: you and @person trade your next shifts",
            "/oncall cancel <id>: cancel an override");
    assertThat(text(router(OnCallFixture.FILE, OverrideSource.NONE).handle("/help", ANA)))
        .contains("/oncall [what]  Who is on call, the week ahead, my shifts, .ics export;");
  }

  @Test
  void withTheDatabaseDownTheRotationStillAnswersAndSaysOverridesAreMissing() {
    OverrideSource down =
        (schedule, from, to) -> {
          throw new StateUnavailableException(
              "the state database is unavailable (connection refused)");
        };
    assertThat(text(router(OnCallFixture.FILE, down).handle("/oncall", ANA)))
        .isEqualTo(
            """
            == On call now ==
            primary: Ana (weekly) until Mon 7 Dec 09:00 CET (08:00 UTC); next Ben (weekly)
              Overrides could not be read: the state database is unavailable (connection refused).\
             This is the rotation without them.
            """);
  }

  @Test
  void aRotationOfMinutesShowsTheFirstRowsAndPointsToTheExport() {
    String demo =
        """
        people:
          ana: {name: Ana, slack: U0ANA}
          ben: {name: Ben, slack: U0BEN}
        schedules:
          primary:
            timeZone: UTC
            layers:
              - {name: demo, members: [ana, ben], shift: 3m, handover: "00:00", start: 2026-01-01}
        """;
    String week = text(router(demo, OverrideSource.NONE).handle("/oncall week", ANA));
    assertThat(week.lines().filter(line -> line.contains(" demo"))).hasSize(40);
    assertThat(week)
        .contains(
            "The first 40 of 3360 rows; /oncall export gives every shift as a calendar file.");
    String mine = text(router(demo, OverrideSource.NONE).handle("/oncall me", ANA));
    assertThat(mine)
        .startsWith("== Ana, your next 7200 shifts ==")
        .contains("The first 40 of 7200 rows;");
  }
}
