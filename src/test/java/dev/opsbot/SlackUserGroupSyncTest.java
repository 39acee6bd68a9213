package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.slack.FakeSlackChannel;
import dev.opsbot.chat.slack.FakeSlackUserGroups;
import dev.opsbot.chat.slack.SlackSettings;
import dev.opsbot.chat.slack.SlackUserGroupSync;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.Problem;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.oncall.UserGroupKeeper;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The on-call user group kept in step, as wired, against a loopback Slack that speaks usergroups.*
 * as documented: who is on call is put in the group once per change, and Slack's refusals and rate
 * limits are waited out without asking again and again.
 */
class SlackUserGroupSyncTest {
  /** Ana from 00:00, Ben from 00:03, Ana again from 00:06, ... */
  private static final String ROTATION =
      """
      people:
        ana: {name: Ana, slack: U0ANA}
        ben: {name: Ben, slack: U0BEN}
      schedules:
        primary:
          timeZone: UTC
          slackUserGroup: %s
          layers:
            - {name: demo, members: [ana, ben], shift: 3m, handover: "00:00", start: 2026-01-01}
      """;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-05T00:01:00Z"));
  private final FakeSlackChannel slack = new FakeSlackChannel(clock);
  private final FakeSlackUserGroups groups = slack.userGroups;
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(slack);
    server.start();
    groups.group("S0ONCALL", "oncall", "U0OLD");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private UserGroupKeeper keeper(String group) {
    List<Problem> problems = new ArrayList<>();
    OnCallConfig config =
        new ConfigLoader(Map.of()).parseOnCall("oncall.yaml", ROTATION.formatted(group), problems);
    assertThat(problems).isEmpty();
    return new UserGroupKeeper(
        OnCallRoster.of(config, OverrideSource.NONE),
        OnCallWiring.userGroups(SlackUserGroupSync.of(settings())),
        clock);
  }

  private SlackSettings settings() {
    return SlackSettings.fromEnvironment(
            Map.of(
                "SLACK_BOT_TOKEN", "xoxb-test-0000",
                "SLACK_APP_TOKEN", "xapp-1-test",
                "SLACK_API_URL", server.url("/api/").toString()))
        .orElseThrow();
  }

  @Test
  void theGroupIsSetToWhoeverIsOnCallAndLeftAloneUntilTheNextHandOver() {
    UserGroupKeeper keeper = keeper("S0ONCALL");

    keeper.tick();
    assertThat(groups.members("S0ONCALL")).containsExactly("U0ANA");
    assertThat(groups.updatedWith()).containsExactly("U0ANA");

    clock.advance(Duration.ofSeconds(30));
    keeper.tick();
    assertThat(groups.reads).as("nothing changed: Slack is not asked").hasValue(1);

    clock.advance(Duration.ofMinutes(2));
    keeper.tick();
    assertThat(groups.members("S0ONCALL")).containsExactly("U0BEN");
    assertThat(groups.updatedWith()).containsExactly("U0ANA", "U0BEN");
    assertThat(keeper.problem("primary")).isEmpty();
  }

  @Test
  void anotherReplicaOrARestartFindsTheGroupInStepAndChangesNothing() {
    keeper("S0ONCALL").tick();

    assertThat(keeper("S0ONCALL").tick()).isEqualTo(1);
    assertThat(groups.reads).hasValue(2);
    assertThat(groups.updates).hasValue(1);
  }

  @Test
  void aMissingScopeIsReportedWithTheScopeToAddAndNotAskedAgainAtEachTick() {
    groups.withoutScope("usergroups:write");
    UserGroupKeeper keeper = keeper("S0ONCALL");

    keeper.tick();
    clock.advance(Duration.ofSeconds(30));
    keeper.tick();

    assertThat(groups.members("S0ONCALL")).containsExactly("U0OLD");
    assertThat(groups.reads).hasValue(1);
    assertThat(keeper.problem("primary"))
        .hasValueSatisfying(problem ->
            assertThat(problem)
                .startsWith("not synced: missing_scope usergroups:write")
                .contains("add the bot scopes usergroups:read and usergroups:write"));

    groups.withScope("usergroups:write");
    clock.advance(Duration.ofMinutes(2));
    keeper.tick();
    assertThat(groups.members("S0ONCALL"))
        .as("tried again at the next change")
        .containsExactly("U0BEN");
    assertThat(keeper.problem("primary")).isEmpty();
  }

  @Test
  void theLoopbackSlackListsItsGroupsWithTheirUsersWhenAsked() throws Exception {
    var methods = com.slack.api.Slack.getInstance(settings().sdkConfig()).methods("xoxb-test-0000");

    var listed = methods.usergroupsList(r -> r.includeUsers(true));

    assertThat(listed.isOk()).isTrue();
    assertThat(listed.getUsergroups())
        .singleElement()
        .satisfies(group -> {
          assertThat(group.getId()).isEqualTo("S0ONCALL");
          assertThat(group.getHandle()).isEqualTo("oncall");
          assertThat(group.getUsers()).containsExactly("U0OLD");
        });
    assertThat(methods.usergroupsList(r -> r).getUsergroups().getFirst().getUsers()).isNull();
  }

  @Test
  void whileNobodyIsOnCallTheGroupIsLeftAsItIs() {
    List<Problem> problems = new ArrayList<>();
    OnCallConfig config =
        new ConfigLoader(Map.of())
            .parseOnCall(
                "oncall.yaml",
                """
                people:
                  ana: {name: Ana, slack: U0ANA}
                schedules:
                  primary:
                    timeZone: UTC
                    slackUserGroup: S0ONCALL
                    layers:
                      - {members: [ana], shift: daily, start: 2026-01-01, hours: "08:00-20:00"}
                """,
                problems);
    assertThat(problems).isEmpty();
    UserGroupKeeper keeper =
        new UserGroupKeeper(
            OnCallRoster.of(config, OverrideSource.NONE),
            OnCallWiring.userGroups(SlackUserGroupSync.of(settings())),
            clock);

    assertThat(keeper.tick()).isZero();
    assertThat(groups.members("S0ONCALL")).containsExactly("U0OLD");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anUnknownGroupIsReportedAsSuch() {
    UserGroupKeeper keeper = keeper("S0GONE");

    keeper.tick();

    assertThat(keeper.problem("primary"))
        .hasValueSatisfying(
            problem -> assertThat(problem).contains("no_such_subteam").contains("S0GONE"));
  }

  @Test
  void aRateLimitIsWaitedOutForAsLongAsRetryAfterSaysWithoutHoldingTheTick() {
    groups.rateLimit(1, 30);
    UserGroupKeeper keeper = keeper("S0ONCALL");

    keeper.tick();
    assertThat(groups.refused429).hasValue(1);
    assertThat(keeper.problem("primary")).hasValueSatisfying(p -> assertThat(p).contains("rate"));

    clock.advance(Duration.ofSeconds(20));
    keeper.tick();
    assertThat(groups.reads).as("Retry-After has not passed").hasValue(0);

    clock.advance(Duration.ofSeconds(11));
    keeper.tick();
    assertThat(groups.members("S0ONCALL")).containsExactly("U0ANA");
    assertThat(groups.updates).hasValue(1);
  }

  @Test
  void anUpdateWhoseAnswerWasLostIsCheckedNotRepeated() {
    // Slack carries out each update and its answer never arrives; the SDK's HTTP client sends the
    // update three times in all before it gives up (harmless: it names the whole membership).
    groups.loseUpdateAnswers(3);
    UserGroupKeeper keeper = keeper("S0ONCALL");

    keeper.tick();
    assertThat(keeper.problem("primary")).isPresent();
    int sent = groups.updates.get();
    clock.advance(Duration.ofSeconds(31));
    keeper.tick();

    assertThat(groups.members("S0ONCALL")).containsExactly("U0ANA");
    assertThat(groups.updates).as("Slack had it already: read, not sent again").hasValue(sent);
    assertThat(keeper.problem("primary")).isEmpty();
  }
}
