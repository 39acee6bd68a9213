package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  private static ConfigException refused(Map<String, String> env) {
    return (ConfigException) catchThrowable(() -> SlackSettings.fromEnvironment(env));
  }

  @Test
  void aCarriageReturnFromACrlfEnvFileIsRefusedNamingTheVariableNotTheValue() {
    ConfigException e =
        refused(Map.of("SLACK_BOT_TOKEN", "xoxb-1-crlf-secret\r", "SLACK_APP_TOKEN", "xapp-1-def"));

    assertThat(e.problems()).extracting(Problem::path).containsExactly("SLACK_BOT_TOKEN");
    assertThat(e.getMessage())
        .contains("SLACK_BOT_TOKEN: holds a carriage return (\\r) at the end")
        .contains("Windows line endings (CRLF)")
        .doesNotContain("crlf-secret");
  }

  @Test
  void everySlackSecretWithAControlCharacterAnywhereIsRefused() {
    ConfigException e =
        refused(
            Map.of(
                "SLACK_BOT_TOKEN", "xoxb-1-ab\u0000c",
                "SLACK_APP_TOKEN", "xapp-1-\tdef",
                "SLACK_SIGNING_SECRET", "sig\nX-Forged: yes"));

    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET");
    assertThat(e.getMessage())
        .contains("SLACK_BOT_TOKEN: holds a NUL byte at character 10 of 11")
        .contains("SLACK_APP_TOKEN: holds a tab at character 8 of 11")
        .contains("SLACK_SIGNING_SECRET: holds a line feed (\\n) at character 4 of 17")
        .doesNotContain("X-Forged")
        .doesNotContain("xapp-1")
        .doesNotContain("xoxb-1");
  }

  @Test
  void secretsMayComeFromFilesWhoseTrailingNewlineIsTrimmed(@TempDir Path dir) throws Exception {
    Path bot = Files.writeString(dir.resolve("bot"), "xoxb-1-from-file\r\n");
    Path signing = Files.writeString(dir.resolve("signing"), "signing-from-file\n");

    SlackSettings settings =
        SlackSettings.fromEnvironment(
                Map.of(
                    "SLACK_BOT_TOKEN_FILE", bot.toString(),
                    "SLACK_SIGNING_SECRET_FILE", signing.toString()))
            .orElseThrow();

    assertThat(settings.botToken().reveal()).isEqualTo("xoxb-1-from-file");
    assertThat(settings.signingSecret().reveal()).isEqualTo("signing-from-file");
    assertThat(settings.socketMode()).isFalse();
  }

  @Test
  void aFileWithAControlCharacterInsideOrNothingInItIsRefusedNamingTheFileVariable(
      @TempDir Path dir) throws Exception {
    Path bot = Files.writeString(dir.resolve("bot"), "xoxb-1-in\rside\n");
    Path app = Files.writeString(dir.resolve("app"), "\r\n");

    ConfigException e =
        refused(
            Map.of(
                "SLACK_BOT_TOKEN_FILE", bot.toString(),
                "SLACK_APP_TOKEN_FILE", app.toString(),
                "SLACK_SIGNING_SECRET_FILE", dir.resolve("missing").toString()));

    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(
            "SLACK_BOT_TOKEN_FILE", "SLACK_APP_TOKEN_FILE", "SLACK_SIGNING_SECRET_FILE");
    assertThat(e.getMessage())
        .contains("SLACK_BOT_TOKEN_FILE: holds a carriage return (\\r) at character 10 of 14")
        .contains("SLACK_APP_TOKEN_FILE: names " + app + ", which is empty")
        .contains("SLACK_SIGNING_SECRET_FILE: cannot read")
        .doesNotContain("side");
  }
}
