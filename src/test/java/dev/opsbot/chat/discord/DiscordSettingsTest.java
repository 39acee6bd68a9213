package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscordSettingsTest {
  private static final String TOKEN =
      "MTEwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

  @Test
  void withoutAnyDiscordVariableDiscordIsOff() {
    assertThat(DiscordSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1"))).isEmpty();
  }

  @Test
  void aTokenAloneRegistersGlobalCommandsAndAGuildIdOneServersCommands() {
    DiscordSettings global =
        DiscordSettings.fromEnvironment(Map.of("DISCORD_TOKEN", TOKEN)).orElseThrow();
    DiscordSettings guild =
        DiscordSettings.fromEnvironment(
                Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_GUILD_ID", "1100000000000000001"))
            .orElseThrow();

    assertThat(global.guildCommands()).isFalse();
    assertThat(global.apiUrl()).isEqualTo(DiscordSettings.DEFAULT_API_URL);
    assertThat(global.token().toString()).doesNotContain(TOKEN);
    assertThat(guild.guildCommands()).isTrue();
    assertThat(guild.guildId()).isEqualTo("1100000000000000001");
  }

  @Test
  void theTokenMayComeFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("discord-token");
    Files.writeString(file, TOKEN + "\n");

    DiscordSettings settings =
        DiscordSettings.fromEnvironment(Map.of("DISCORD_TOKEN_FILE", file.toString()))
            .orElseThrow();

    assertThat(settings.token().reveal()).isEqualTo(TOKEN);
  }

  @Test
  void aMissingOrMalformedValueNamesTheVariableAndWhatToDo() {
    assertThatThrownBy(() ->
            DiscordSettings.fromEnvironment(Map.of("DISCORD_GUILD_ID", "1100000000000000001")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e ->
            assertThat(((ConfigException) e).problems().toString())
                .contains("DISCORD_TOKEN: not set: copy the bot token from the Discord Developer"));
    assertThatThrownBy(() ->
            DiscordSettings.fromEnvironment(
                Map.of("DISCORD_TOKEN", "Bot " + TOKEN, "DISCORD_GUILD_ID", "my-server")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          String problems = ((ConfigException) e).problems().toString();
          assertThat(problems)
              .contains("DISCORD_TOKEN: does not look like a bot token")
              .contains("DISCORD_GUILD_ID: 'my-server' is not a server id")
              .doesNotContain(TOKEN);
        });
  }

  @Test
  void aTokenWithACarriageReturnIsRefusedNamingTheVariableNotTheValue() {
    assertThatThrownBy(() -> DiscordSettings.fromEnvironment(Map.of("DISCORD_TOKEN", TOKEN + "\r")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          ConfigException config = (ConfigException) e;
          assertThat(config.problems()).extracting(Problem::path).containsExactly("DISCORD_TOKEN");
          assertThat(config.getMessage())
              .contains("DISCORD_TOKEN: holds a carriage return (\\r) at the end")
              .contains("CRLF")
              .doesNotContain(TOKEN)
              .doesNotContain("does not look like a bot token");
        });
    assertThatThrownBy(() ->
            DiscordSettings.fromEnvironment(
                Map.of("DISCORD_TOKEN", TOKEN.replace(".GaBcDe.", ".GaB\u001bDe."))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DISCORD_TOKEN: holds a control character (U+001B) at character 29")
        .hasMessageNotContaining("abcdefghijklmnop");
  }

  @Test
  void aTokenFilesTrailingCrlfIsTrimmedButAControlCharacterInsideIsRefused(@TempDir Path dir)
      throws Exception {
    Path crlf = Files.writeString(dir.resolve("crlf"), TOKEN + "\r\n");
    Path inside = Files.writeString(dir.resolve("inside"), TOKEN.replace(".", "\r.") + "\n");

    DiscordSettings settings =
        DiscordSettings.fromEnvironment(Map.of("DISCORD_TOKEN_FILE", crlf.toString()))
            .orElseThrow();

    assertThat(settings.token().reveal()).isEqualTo(TOKEN);
    assertThatThrownBy(
            () -> DiscordSettings.fromEnvironment(Map.of("DISCORD_TOKEN_FILE", inside.toString())))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          ConfigException config = (ConfigException) e;
          assertThat(config.problems())
              .extracting(Problem::path)
              .containsExactly("DISCORD_TOKEN_FILE");
          assertThat(config.getMessage())
              .contains("DISCORD_TOKEN_FILE: holds a carriage return (\\r) at character 25")
              .doesNotContain("abcdefghijklmnop");
        });
  }
}
