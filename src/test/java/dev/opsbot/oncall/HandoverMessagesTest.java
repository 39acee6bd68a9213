package dev.opsbot.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.oncall.OpenAlerts.OpenAlert;
import dev.opsbot.oncall.OpenAlerts.Status;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The wording of a hand-over on each platform, and with one alert or nobody before. */
class HandoverMessagesTest {
  private static final Person ANA = new Person("ana", "Ana", "U0ANA", "111111111111111111", null);
  private static final Person DEE = new Person("dee", "Dee", null, "222222222222222222", null);
  private static final Shift SHIFT =
      new Shift(
          "primary",
          DEE,
          Instant.parse("2026-12-05T08:00:00Z"),
          Instant.parse("2026-12-06T08:00:00Z"),
          "daily",
          null);
  private static final OpenAlert ONE =
      new OpenAlert(
          7,
          "critical",
          "backend",
          "backend down",
          Instant.parse("2026-12-05T07:00:00Z"),
          Status.FIRING,
          null,
          null);

  @Test
  void onDiscordThePeopleAreNamedByTheirDiscordMentions() {
    var message =
        HandoverMessages.handover(
            "discord:42", SHIFT, ANA, ANA, ZoneId.of("UTC"), List.of(ONE), Function.identity());

    assertThat(message.blocks().getFirst())
        .isEqualTo(
            new Block.Page(
                "<@222222222222222222>",
                "is on call for primary until Sun 06 Dec 08:00 UTC (next:"
                    + " <@111111111111111111>); taking over from <@111111111111111111>. 1 open"
                    + " alert is handed over:"));
  }

  @Test
  void onSlackSomeoneWithoutASlackIdIsNamedAndAFirstShiftSaysNobodyWasOnCall() {
    var message =
        HandoverMessages.handover(
            "#ops", SHIFT, null, null, ZoneId.of("Europe/Berlin"), List.of(), Function.identity());

    assertThat(new PlainTextRenderer().render(message))
        .isEqualTo(
            "Dee is on call for primary until Sun 06 Dec 09:00 Europe/Berlin; nobody was on call"
                + " before. No open alerts are handed over.\n");
    assertThat(message.fallbackText())
        .isEqualTo(
            "Dee is on call for primary until Sun 06 Dec 09:00 Europe/Berlin. No open alerts are"
                + " handed over.");
  }
}
