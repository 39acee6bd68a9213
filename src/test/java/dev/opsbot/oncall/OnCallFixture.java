package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The on-call file the /oncall tests share: ana and ben take weekly turns on primary (Berlin time,
 * from Monday 30 Nov 2026 09:00), cy is in people: but on no rotation, lead is the admin, and dee
 * is known by a Discord id.
 */
final class OnCallFixture {
  static final String FILE =
      """
      people:
        ana: {name: Ana, slack: U0ANA}
        ben: {name: Ben, slack: U0BEN}
        cy: {name: Cy, slack: U0CY}
        lead: {name: Lead, slack: U0LEAD}
        dee: {name: Dee, discord: "123456789012345678"}
      schedules:
        primary:
          timeZone: Europe/Berlin
          layers:
            - {name: weekly, members: [ana, ben], shift: weekly, handover: "09:00", start: 2026-11-30}
      """;

  static final String TWO_SCHEDULES =
      FILE
          + """
            nights:
              timeZone: UTC
              layers:
                - {name: night, members: [cy, dee], shift: daily, handover: "20:00", start: 2026-11-30, hours: "20:00-06:00"}
          """;

  /** Wednesday 2 Dec 2026, 11:00 in Berlin: Ana's week. */
  static final Instant WEDNESDAY = Instant.parse("2026-12-02T10:00:00Z");

  static final Caller ANA = new Caller("slack", "U0ANA", "ana", "C0OPS");
  static final Caller BEN = new Caller("slack", "U0BEN", "ben", "C0OPS");
  static final Caller CY = new Caller("slack", "U0CY", "cy", "C0OPS");
  static final Caller LEAD = new Caller("slack", "U0LEAD", "lead", "C0OPS");
  static final Caller STRANGER = new Caller("slack", "U0NOBODY", "stranger", "C0OPS");

  private OnCallFixture() {}

  static OnCallRoster roster(String yaml, OverrideSource overrides) {
    List<Problem> problems = new ArrayList<>();
    OnCallConfig config = new ConfigLoader(Map.of()).parseOnCall("oncall.yaml", yaml, problems);
    assertThat(problems).isEmpty();
    return OnCallRoster.of(config, overrides);
  }

  static String text(Message message) {
    return new PlainTextRenderer().render(message);
  }
}
