package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {
  @Test
  void noSlackVariablesMeansSlackIsOff() {
    assertThat(SlackSettings.fromEnvironment(Map.of("HOME", "/root"))).isEmpty();
  }

  @Test
  void appTokenMeansSocketMode() {
    SlackSettings settings =
        SlackSettings.fromEnvironment(
                Map.of("SLACK_BOT_TOKEN", "xoxb-1-abc", "SLACK_APP_TOKEN", "xapp-1-def"))
            .orElseThrow();

    assertThat(settings.socketMode()).isTrue();
    assertThat(settings.apiUrl()).isEqualTo("https://slack.com/api/");
    assertThat(settings.toString()).doesNotContain("xoxb-1-abc").doesNotContain("xapp-1-def");
  }

  @Test
  void signingSecretMeansHttpModeOnPort3000ByDefault() {
    SlackSettings settings =
        SlackSettings.fromEnvironment(
                Map.of("SLACK_BOT_TOKEN", "xoxb-1-abc", "SLACK_SIGNING_SECRET", "s3cr3t-value"))
            .orElseThrow();

    assertThat(settings.socketMode()).isFalse();
    assertThat(settings.httpPort()).isEqualTo(3000);
  }

  @Test
  void missingBotTokenIsNamed() {
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_APP_TOKEN", "xapp-1-def")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e ->
            assertThat(((ConfigException) e).problems())
                .extracting(Problem::path)
                .containsExactly("SLACK_BOT_TOKEN"));
  }

  @Test
  void malformedTokensAndPortAreNamedWithoutEchoingTheToken() {
    assertThatThrownBy(() ->
            SlackSettings.fromEnvironment(
                Map.of(
                    "SLACK_BOT_TOKEN", "xoxp-user-token-123",
                    "SLACK_APP_TOKEN", "not-an-app-token",
                    "SLACK_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          ConfigException config = (ConfigException) e;
          assertThat(config.problems())
              .extracting(Problem::path)
              .containsExactly("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_HTTP_PORT");
          assertThat(config.getMessage())
              .contains("starts with xoxb-")
              .doesNotContain("xoxp-user-token-123")
              .doesNotContain("not-an-app-token");
        });
  }

  @Test
  void neitherModeIsAProblem() {
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1-abc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET");
  }
}
