package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an override's answer says comes after it, and the refusals' words, word for word. */
class OverrideWordingTest {
  private static final Person ANA = new Person("ana", "Ana", "U0ANA", null, null);
  private static final Person BEN = new Person("ben", "Ben", "U0BEN", null, null);
  private static final Person CY = new Person("cy", "Cy", "U0CY", null, null);
  private static final Schedule PRIMARY =
      new Schedule("primary", null, null, List.of(), ZoneId.of("Europe/Berlin"));
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final Instant END = Instant.parse("2026-12-02T14:00:00Z");
  private static final Override BEN_FOUR_HOURS =
      new Override(3, "primary", BEN, NOW, END, "U0BEN", NOW);

  private static Optional<Shift> after(Person person) {
    return Optional.of(
        new Shift("primary", person, END, END.plus(Duration.ofDays(1)), "weekly", null));
  }

  @Test
  void theAnswerSaysWhoHasThePagerAfterTheOverride() {
    assertThat(OverrideWording.taken(PRIMARY, BEN_FOUR_HOURS, NOW, false, Set.of(ANA), after(ANA)))
        .isEqualTo(
            "Ben has the primary pager from now until Wed 2 Dec 15:00 CET (14:00 UTC) (override"
                + " #3, instead of Ana). Ana is back at Wed 2 Dec 15:00 CET (14:00 UTC).");
    assertThat(OverrideWording.taken(PRIMARY, BEN_FOUR_HOURS, NOW, false, Set.of(ANA), after(BEN)))
        .endsWith("(override #3, instead of Ana). Ben stays on call after it (weekly).");
    assertThat(OverrideWording.taken(PRIMARY, BEN_FOUR_HOURS, NOW, false, Set.of(ANA), after(CY)))
        .endsWith("(override #3, instead of Ana). Then Cy takes over (weekly).");
    assertThat(
            OverrideWording.taken(PRIMARY, BEN_FOUR_HOURS, NOW, false, Set.of(), Optional.empty()))
        .endsWith("(override #3). After it nobody is on call (a gap in the rotation).");
  }

  @Test
  void aLaterStartIsShownInTheSchedulesZoneAndUtc() {
    Override later =
        new Override(
            5,
            "primary",
            BEN,
            Instant.parse("2026-12-24T07:00:00Z"),
            Instant.parse("2026-12-26T07:00:00Z"),
            "U0BEN",
            NOW);
    assertThat(OverrideWording.taken(PRIMARY, later, NOW, false, Set.of(ANA), Optional.empty()))
        .startsWith(
            "Ben has the primary pager from Thu 24 Dec 08:00 CET (07:00 UTC) until Sat 26 Dec"
                + " 08:00 CET (07:00 UTC) (override #5, instead of Ana).");
  }

  @Test
  void timesAcrossMidnightNameTheUtcDayToo() {
    assertThat(OnCallTimes.at(Instant.parse("2026-12-06T23:30:00Z"), ZoneId.of("Europe/Berlin")))
        .isEqualTo("Mon 7 Dec 00:30 CET (Sun 6 Dec 23:30 UTC)");
    assertThat(OnCallTimes.at(Instant.parse("2026-07-06T07:00:00Z"), ZoneId.of("Europe/Berlin")))
        .isEqualTo("Mon 6 Jul 09:00 CEST (07:00 UTC)");
    assertThat(OnCallTimes.at(Instant.parse("2026-07-06T07:00:00Z"), ZoneId.of("UTC")))
        .isEqualTo("Mon 6 Jul 07:00 UTC");
  }

  @Test
  void aTooLongOverrideSaysHowLongItWas() {
    assertThat(OverrideWording.tooLong(Duration.ofDays(3650), Duration.ofDays(14)))
        .isEqualTo(
            "An override may last 14 days at most, and that one lasts 3650 days: change the"
                + " rotation in the on-call file instead. Nothing was stored.");
    assertThat(OverrideWording.tooLong(Duration.ofHours(15 * 24 + 5), Duration.ofDays(14)))
        .startsWith("An override may last 14 days at most, and that one lasts 15 days");
  }
}
