package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.GroupDirectory;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackUserGroupsTest {
  private final MockWebServer slack = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private GroupDirectory directory(List<String> groups) {
    SlackSettings settings =
        SlackSettings.fromEnvironment(
                Map.of(
                    "SLACK_BOT_TOKEN", "xoxb-test-0000",
                    "SLACK_APP_TOKEN", "xapp-1-test",
                    "SLACK_API_URL", slack.url("/api/").toString()))
            .orElseThrow();
    return SlackUserGroups.of(settings, groups);
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void membersOfAGroupAreResolvedOnceAndCached() throws Exception {
    slack.enqueue(json("{\"ok\":true,\"users\":[\"U7\",\"U8\"]}"));
    GroupDirectory groups = directory(List.of("S0ONCALL"));

    assertThat(groups.groupsOf("U7")).containsExactly("S0ONCALL");
    assertThat(groups.groupsOf("U9")).isEmpty();
    assertThat(slack.getRequestCount()).isEqualTo(1);
    assertThat(slack.takeRequest().getBody().utf8()).contains("usergroup=S0ONCALL");
  }

  @Test
  void anUnreadableGroupGrantsNothingAndIsTriedAgainLater() {
    slack.enqueue(
        json("{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"usergroups:read\"}"));
    slack.enqueue(json("{\"ok\":true,\"users\":[\"U7\"]}"));
    GroupDirectory groups = directory(List.of("S0ONCALL"));

    assertThat(groups.groupsOf("U7")).isEmpty();
    assertThat(groups.groupsOf("U7")).containsExactly("S0ONCALL");
  }

  @Test
  void noGroupsConfiguredAsksSlackNothing() {
    assertThat(directory(List.of()).groupsOf("U7")).isEmpty();
    assertThat(slack.getRequestCount()).isZero();
  }
}
