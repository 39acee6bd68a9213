package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.command.RefusedException;
import dev.opsbot.command.UsageException;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How /oncall reads what was typed: its forms, lengths, windows, mentions and schedules. */
class OnCallParserTest {
  private final OnCallLookup lookup =
      new OnCallLookup(
          OnCallFixture.roster(OnCallFixture.FILE, OverrideSource.NONE), "config/oncall.yaml");

  @Test
  void eachFormIsReadAsItsRequest() {
    assertThat(OnCallParser.parse("")).isEqualTo(new OnCallRequest.Overview());
    assertThat(OnCallParser.parse("me")).isEqualTo(new OnCallRequest.Me());
    assertThat(OnCallParser.parse("help")).isEqualTo(new OnCallRequest.Help());
    assertThat(OnCallParser.parse("primary week")).isEqualTo(new OnCallRequest.Week("primary"));
    assertThat(OnCallParser.parse("week")).isEqualTo(new OnCallRequest.Week(null));
    assertThat(OnCallParser.parse("export")).isEqualTo(new OnCallRequest.Export(null));
    assertThat(OnCallParser.parse("export primary")).isEqualTo(new OnCallRequest.Export("primary"));
    assertThat(OnCallParser.parse("swap <@U0BEN> primary"))
        .isEqualTo(new OnCallRequest.Swap("<@U0BEN>", "primary"));
    assertThat(OnCallParser.parse("cancel 12")).isEqualTo(new OnCallRequest.Cancel(12));
    assertThat(OnCallParser.parse("cancel #12")).isEqualTo(new OnCallRequest.Cancel(12));
  }

  @Test
  void anOverrideTakesALengthFromNowOrAWindowAndOptionallyASchedule() {
    assertThat(OnCallParser.parse("override <@U0BEN|ben> 4h"))
        .isEqualTo(
            new OnCallRequest.Take(
                "<@U0BEN|ben>", new OnCallRequest.When.For(Duration.ofHours(4)), null));
    assertThat(OnCallParser.parse("override ben 1d12h primary"))
        .isEqualTo(
            new OnCallRequest.Take(
                "ben", new OnCallRequest.When.For(Duration.ofHours(36)), "primary"));
    OnCallRequest.When.Between window =
        new OnCallRequest.When.Between(
            LocalDateTime.parse("2026-12-24T08:00"), LocalDateTime.parse("2026-12-26T08:00"));
    assertThat(OnCallParser.parse("override ben 2026-12-24 08:00..2026-12-26 08:00"))
        .isEqualTo(new OnCallRequest.Take("ben", window, null));
    assertThat(OnCallParser.parse("override ben 2026-12-24 8:00 .. 2026-12-26 08:00 primary"))
        .isEqualTo(new OnCallRequest.Take("ben", window, "primary"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "override ben|write /oncall override @person 4h [schedule], or a window such as"
            + " 2026-12-24 08:00..2026-12-26 08:00",
        "override ben soon|'soon' is not a length: write it as 30m, 4h, 2d or 1d12h, or give a"
            + " window such as 2026-12-24 08:00..2026-12-26 08:00",
        "override ben 0h|an override of no time changes nothing: give a length such as 4h",
        "override ben 2026-13-24 08:00..2026-12-26 08:00|'2026-13-24 08:00' is not a date and"
            + " time: write it as 2026-12-24 08:00",
        "cancel four|write /oncall cancel <id>, the override's number",
        "me too|/oncall me takes nothing more",
        "rota|'rota' is not a form of /oncall (me, week, export, override, swap, cancel, help)",
      })
  void whatDoesNotFitSaysWhatToWrite(String typed, String problem) {
    assertThatThrownBy(() -> OnCallParser.parse(typed))
        .isInstanceOf(UsageException.class)
        .hasMessage(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"<@U0BEN>", "<@U0BEN|ben>", "ben", "@ben", "Ben"})
  void aSlackMentionAnIdOrANameFindsThePerson(String word) {
    assertThat(lookup.person(word).id()).isEqualTo("ben");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<@123456789012345678>", "<@!123456789012345678>"})
  void aDiscordMentionFindsThePersonByDiscordId(String word) {
    assertThat(lookup.person(word).id()).isEqualTo("dee");
  }

  @Test
  void someoneNotInPeopleIsRefusedWithWhereToAddThem() {
    assertThatThrownBy(() -> lookup.person("<@U0NEW>"))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "<@U0NEW> is not an on-call person: add them under people: in config/oncall.yaml"
                + " (an id, name, and their slack: or discord: user id), then restart opsbot.");
  }

  @Test
  void theScheduleMayBeLeftOutOnlyWhenThereIsOne() {
    assertThat(lookup.schedule(null).id()).isEqualTo("primary");
    OnCallLookup two =
        new OnCallLookup(
            OnCallFixture.roster(OnCallFixture.TWO_SCHEDULES, OverrideSource.NONE),
            "config/oncall.yaml");
    assertThatThrownBy(() -> two.schedule(null))
        .hasMessage("Which schedule? There are primary, nights: name one at the end.");
    assertThatThrownBy(() -> two.schedule("secondary"))
        .isInstanceOf(RefusedException.class)
        .hasMessage("There is no schedule 'secondary'. The schedules are: primary, nights.");
  }
}
