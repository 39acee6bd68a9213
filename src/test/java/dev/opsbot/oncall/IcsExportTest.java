package dev.opsbot.oncall;

import static dev.opsbot.oncall.OnCallFixture.ANA;
import static dev.opsbot.oncall.OnCallFixture.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.testing.FakeClock;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** /oncall export: an iCalendar file a calendar application reads, parsed here with ical4j. */
class IcsExportTest {
  private final FakeClock clock = new FakeClock(WEDNESDAY);

  private Block.File export(String line) {
    OnCallRoster roster = OnCallFixture.roster(OnCallFixture.TWO_SCHEDULES, OverrideSource.NONE);
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(
                new OnCallCommand(
                    roster,
                    null,
                    AccessPolicy.allowAll(),
                    AuditTrail.NONE,
                    "config/oncall.yaml",
                    clock)));
    Message answer = router.handle(line, ANA);
    return answer.blocks().stream()
        .filter(Block.File.class::isInstance)
        .map(Block.File.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no file in " + answer));
  }

  private static List<VEvent> events(Block.File file) throws Exception {
    Calendar calendar = new CalendarBuilder().build(new StringReader(file.content()));
    calendar.validate();
    return calendar.getComponents(Component.VEVENT);
  }

  private static Instant start(VEvent event) {
    Temporal start = event.getStartDate().orElseThrow().getDate();
    return Instant.from(start);
  }

  private static Instant end(VEvent event) {
    Temporal end = event.getEndDate().orElseThrow().getDate();
    return Instant.from(end);
  }

  private static String property(VEvent event, String name) {
    return event.getProperty(name).map(Property::getValue).orElseThrow();
  }

  @Test
  void theExportIsOneEventPerShiftInUtcForTheComing60Days() throws Exception {
    Block.File file = export("/oncall export primary");

    assertThat(file.name()).isEqualTo("oncall-primary.ics");
    assertThat(file.mimeType()).isEqualTo("text/calendar");
    assertThat(file.content()).contains("DTSTART:20261130T080000Z");
    List<VEvent> events = events(file);
    // Ana's week running now from its real start (Mon 30 Nov 09:00 Berlin), then a week each
    // until 60 days from now (31 Jan), the last one (from 25 Jan) cut there.
    assertThat(events).hasSize(9);
    assertThat(events)
        .allSatisfy(e -> {
          assertThat(e.getProperties(Property.DTSTAMP)).hasSize(1);
          assertThat(property(e, Property.DTSTAMP)).isEqualTo("20261202T100000Z");
        });
    assertThat(start(events.getFirst())).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(end(events.getFirst())).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
    assertThat(property(events.getFirst(), Property.SUMMARY)).isEqualTo("On call: Ana (primary)");
    assertThat(property(events.get(1), Property.SUMMARY)).isEqualTo("On call: Ben (primary)");
    assertThat(property(events.getFirst(), Property.DESCRIPTION)).isEqualTo("weekly");
    assertThat(end(events.getLast())).isEqualTo(WEDNESDAY.plus(Duration.ofDays(60)));
    assertThat(events)
        .extracting(e -> property(e, Property.UID))
        .doesNotHaveDuplicates()
        .first()
        .isEqualTo("oncall-primary-ana-1796025600@opsbot");
  }

  @Test
  void aLaterExportKeepsTheUidsOfTheSameShifts() throws Exception {
    List<String> first =
        events(export("/oncall export primary")).stream()
            .map(e -> property(e, Property.UID))
            .toList();
    clock.advance(Duration.ofDays(3));
    List<String> later =
        events(export("/oncall export primary")).stream()
            .map(e -> property(e, Property.UID))
            .toList();

    assertThat(later.subList(0, first.size() - 1)).isEqualTo(first.subList(0, first.size() - 1));
  }

  @Test
  void withoutAScheduleEveryScheduleIsExported() throws Exception {
    Block.File file = export("/oncall export");

    assertThat(file.name()).isEqualTo("oncall-all.ics");
    assertThat(events(file))
        .extracting(e -> property(e, Property.SUMMARY))
        .contains("On call: Ana (primary)", "On call: Cy (nights)", "On call: Dee (nights)");
  }

  @Test
  void aRotationOfMinutesIsExportedUpToACapAndSaysSo() throws Exception {
    OnCallRoster roster =
        OnCallFixture.roster(
            """
            people:
              ana: {name: Ana, slack: U0ANA}
              ben: {name: Ben, slack: U0BEN}
            schedules:
              primary:
                timeZone: UTC
                layers:
                  - {name: demo, members: [ana, ben], shift: 3m, handover: "00:00", start: 2026-01-01}
            """,
            OverrideSource.NONE);
    Message answer = new IcsExport(new OnCallLookup(roster, "oncall.yaml")).export(null, WEDNESDAY);

    assertThat(OnCallFixture.text(answer))
        .startsWith(
            "The first 1500 of 28800 shifts of primary in the next 60 days (until Sat 5 Dec"
                + " 13:00 UTC), as an iCalendar file (times in UTC).");
    Block.File file = (Block.File) answer.blocks().get(1);
    assertThat(events(file)).hasSize(1500);
  }
}
