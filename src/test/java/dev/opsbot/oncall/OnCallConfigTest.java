package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code config/oncall.yaml} is checked like the rest: file, key path, and what to write. */
class OnCallConfigTest {
  private static List<String> problems(String yaml) {
    List<Problem> problems = new ArrayList<>();
    new ConfigLoader(Map.of()).parseOnCall("oncall.yaml", yaml, problems);
    return problems.stream().map(Problem::toString).toList();
  }

  @Test
  void aScheduleWithoutMembersIsAClearError() {
    assertThat(
            problems(
                """
                people:
                  ana: {slack: U0ANA}
                schedules:
                  primary:
                    timeZone: UTC
                    layers:
                      - {members: [], shift: weekly, start: 2026-12-07}
                """))
        .containsExactly(
            "oncall.yaml: schedules.primary.layers[0].members: no members: list the people (ids"
                + " under people:) who take turns in this layer");
  }

  @Test
  void aScheduleWithoutLayersIsAClearError() {
    assertThat(problems("schedules:\n  primary:\n    timeZone: UTC\n"))
        .containsExactly(
            "oncall.yaml: schedules.primary.layers: schedule 'primary' has no layers: add one with"
                + " members, shift, handover and start");
  }

  @Test
  void everyWrongValueIsNamedWithItsPath() {
    List<String> found =
        problems(
            """
            people:
              ana: {slack: ana}
              ben: {name: Ben}
            schedules:
              primary:
                timeZone: Mars/Olympus
                layers:
                  - members: [ana, zed]
                    shift: fortnightly
                    handover: "25:00"
                    start: 2026-13-01
                    days: [funday]
                    hours: 08:00-08:00
            policies:
              critical:
                steps:
                  - {after: 5m, schedule: secondary}
                  - {after: 5m}
                repeat: 99
            """);

    assertThat(found)
        .containsExactlyInAnyOrder(
            "oncall.yaml: people.ana.slack: 'ana' is not a Slack user id: copy it from the"
                + " profile's menu (Copy member ID), it looks like U024BE7LH",
            "oncall.yaml: people.ben: no way to reach ben: give at least one of slack, discord,"
                + " email",
            "oncall.yaml: schedules.primary.timeZone: 'Mars/Olympus' is not a time zone: write a"
                + " region such as Europe/Berlin",
            "oncall.yaml: schedules.primary.layers[0].members[1]: 'zed' is not a person: use one"
                + " of [ana, ben]",
            "oncall.yaml: schedules.primary.layers[0].shift: 'fortnightly' is not a shift: write"
                + " daily, weekly or a duration such as 12h",
            "oncall.yaml: schedules.primary.layers[0].handover: '25:00' is not a time of day:"
                + " write it as 08:00",
            "oncall.yaml: schedules.primary.layers[0].start: '2026-13-01' is not a date: write it"
                + " as 2026-12-07",
            "oncall.yaml: schedules.primary.layers[0].days[0]: 'funday' is not a day: write mon,"
                + " tue, wed, thu, fri, sat or sun",
            "oncall.yaml: schedules.primary.layers[0].hours: an empty range: leave hours out to"
                + " cover the whole day",
            "oncall.yaml: policies.critical.repeat: must be between 0 and 10",
            "oncall.yaml: policies.critical.steps[0].schedule: 'secondary' is not a schedule: use"
                + " one of [primary]",
            "oncall.yaml: policies.critical.steps[1]: pages nobody: name a schedule, a person, a"
                + " slackGroup, a discordRole or email");
  }

  @Test
  void anUnknownKeyIsNamedWithTheLikelyOne() {
    assertThat(problems("schedules:\n  primary:\n    timezone: UTC\n"))
        .anySatisfy(problem -> assertThat(problem).contains("timezone").contains("timeZone"));
  }

  @Test
  void theShippedFilesAreValidAndTheDemoRotatesWithinMinutes() throws Exception {
    for (String file : List.of("config/oncall.yaml", "config/demo-oncall.yaml")) {
      assertThat(problems(Files.readString(Path.of(file)))).as(file).isEmpty();
    }
    assertThat(Files.readString(Path.of("config/demo.yaml")))
        .contains("oncall:\n  file: config/demo-oncall.yaml");
    List<Problem> none = new ArrayList<>();
    OnCallRoster roster =
        OnCallRoster.of(
            new ConfigLoader(Map.of())
                .parseOnCall("demo", Files.readString(Path.of("config/demo-oncall.yaml")), none),
            OverrideSource.NONE);
    Shift now = roster.current("primary", java.time.Instant.now()).orElseThrow();
    assertThat(java.time.Duration.between(now.start(), now.end()))
        .isEqualTo(java.time.Duration.ofMinutes(3));
  }
}
