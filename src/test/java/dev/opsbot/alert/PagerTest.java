package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.alert.EscalationPolicies.Policy;
import dev.opsbot.alert.EscalationStore.Escalating;
import dev.opsbot.alert.EscalationStore.Position;
import dev.opsbot.chat.Block;
import dev.opsbot.config.LayerConfig;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.OnCallPerson;
import dev.opsbot.config.PolicyStep;
import dev.opsbot.config.ScheduleConfig;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whom a page names, in the mention syntax of the platform its thread is on. */
class PagerTest {
  private static final Instant FIRED = Instant.parse("2026-12-04T08:00:00Z");
  private static final Instant NOW = FIRED.plus(Duration.ofMinutes(10));

  private final OnCallRoster roster =
      OnCallRoster.of(
          new OnCallConfig(
              Map.of(
                  "ana", new OnCallPerson("Ana", "U0ANA", "111111111111111111", "ana@example.com")),
              Map.of(
                  "primary",
                  new ScheduleConfig(
                      "UTC",
                      null,
                      null,
                      List.of(
                          new LayerConfig(
                              null,
                              List.of("ana"),
                              "weekly",
                              "08:00",
                              "2026-11-30",
                              null,
                              null,
                              null)))),
              Map.of()),
          OverrideSource.NONE);

  private final Policy policy =
      new Policy(
          "critical",
          List.of(
              new PolicyStep(Duration.ZERO, null, null, null, null, List.of()),
              new PolicyStep(
                  Duration.ofMinutes(10),
                  "primary",
                  null,
                  "<!subteam^S0LEADS>",
                  "<@&222222222222222222>",
                  List.of("oncall@example.com"))),
          0);

  private static Escalating alert(long id, long threadId, String channel) {
    return new Escalating(
        id,
        "service-down",
        "erp",
        "erp is down",
        FIRED,
        threadId,
        channel,
        new Position(1, 0),
        null,
        null);
  }

  private static Block.Page pageBlock(OutboxItem item) {
    return (Block.Page) item.message().blocks().getFirst();
  }

  @Test
  void inSlackThePersonOnCallAndTheUserGroupAreSlackMentions() {
    OutboxItem reply =
        new Pager(roster, false)
            .page(alert(7, 7, "#ops-critical"), policy, 2, NOW, null)
            .items()
            .getFirst();

    assertThat(reply.key()).isEqualTo("alert-7/page-2");
    assertThat(reply.parentKey()).isEqualTo("alert-7/parent");
    assertThat(reply.message().fallbackText())
        .isEqualTo(
            "Paged <@U0ANA> (on call for primary), <!subteam^S0LEADS>: unacknowledged for 10 min,"
                + " step 2 of 2. No further pages.");
  }

  @Test
  void inDiscordThePersonAndTheRoleAreDiscordMentionsAndNoSlackGroupIsNamed() {
    OutboxItem reply =
        new Pager(roster, false)
            .page(alert(7, 7, "discord:112233"), policy, 2, NOW, null)
            .items()
            .getFirst();

    assertThat(pageBlock(reply).mention())
        .isEqualTo("Paged <@111111111111111111> (on call for primary), <@&222222222222222222>:")
        .doesNotContain("subteam");
  }

  @Test
  void aPageInAThreadSharedWithOtherAlertsNamesItsService() {
    OutboxItem reply =
        new Pager(roster, false)
            .page(alert(9, 7, "#ops-critical"), policy, 2, NOW, null)
            .items()
            .getFirst();

    assertThat(reply.parentKey()).isEqualTo("alert-7/parent");
    assertThat(reply.message().fallbackText()).startsWith("erp: Paged <@U0ANA>");
  }

  @Test
  void withMailSetUpTheStepsAddressesAndThePersonPagedAreMailedInOneMessage() {
    List<OutboxItem> items =
        new Pager(roster, true).page(alert(7, 7, "#ops-critical"), policy, 2, NOW, null).items();

    assertThat(items).hasSize(2);
    assertThat(items.get(1).key()).isEqualTo("alert-7/page-2/email");
    assertThat(items.get(1).channel()).isEqualTo("email:oncall@example.com,ana@example.com");
    assertThat(items.get(1).message().fallbackText()).isEqualTo("erp is down");
  }

  @Test
  void aStepThatNamesNoOneOnThisPlatformSaysSoRatherThanPingingAnother() {
    Policy slackOnly =
        new Policy(
            "legacy",
            List.of(
                new PolicyStep(Duration.ZERO, null, null, "<!subteam^S0ONCALL>", null, List.of())),
            0);

    OutboxItem reply =
        new Pager(roster, false)
            .page(alert(7, 7, "discord:112233"), slackOnly, 1, FIRED, null)
            .items()
            .getFirst();

    assertThat(reply.message().fallbackText())
        .isEqualTo(
            "Nobody to page on Discord at this step: just fired, step 1 of 1. No further"
                + " pages.");
    assertThat(reply.message().blocks()).noneMatch(Block.Page.class::isInstance);
  }
}
