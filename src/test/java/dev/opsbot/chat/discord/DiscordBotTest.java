package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.Secret;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Start-up against a local stand-in for Discord's REST API: a refused token stops it, clearly. */
class DiscordBotTest {
  @Test
  void aTokenDiscordRefusesStopsStartUpSayingWhatToDo() throws Exception {
    try (MockWebServer discord = new MockWebServer()) {
      discord.start();
      discord.enqueue(
          new MockResponse.Builder()
              .code(401)
              .addHeader("Content-Type", "application/json")
              .body("{\"message\": \"401: Unauthorized\", \"code\": 0}")
              .build());
      DiscordSettings settings =
          new DiscordSettings(
              Secret.of("MTEwMDAwMDAwMDAwMDAwMDAx.GaBcDe.revoked-token-abcdefghijklmnop"),
              null,
              discord.url("/api/v10/").toString());

      assertThatThrownBy(() -> DiscordBot.start(settings, CommandRouter.withHelp(List.of())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Discord refused DISCORD_TOKEN (401 Unauthorized)")
          .hasMessageContaining("Reset Token")
          .hasMessageNotContaining("revoked-token");

      RecordedRequest login = discord.takeRequest();
      assertThat(login.getUrl().encodedPath()).isEqualTo("/api/v10/users/@me");
    }
  }

  @Test
  void theInviteUrlAsksForBotAndCommandScopesAndTheChannelPermissions() {
    assertThat(DiscordBot.inviteUrl("1100000000000000001"))
        .isEqualTo(
            "https://discord.com/oauth2/authorize?client_id=1100000000000000001"
                + "&scope=bot+applications.commands&permissions=309237763072");
  }
}
