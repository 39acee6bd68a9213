package dev.opsbot.chat.discord;

import dev.opsbot.config.ConfigException;
import dev.opsbot.config.Problem;
import dev.opsbot.config.Secret;
import dev.opsbot.config.SecretVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Discord, from the environment: {@code DISCORD_TOKEN} (or {@code DISCORD_TOKEN_FILE})
 * the bot token, refused with a control character in it ({@link SecretVariable}); {@code
 * DISCORD_GUILD_ID} registers the commands in that server only (at once) rather than globally;
 * {@code DISCORD_API_URL} another REST base URL and {@code DISCORD_GATEWAY_URL} another gateway
 * (tests, proxies; Discord's own when unset).
 */
public record DiscordSettings(Secret token, String guildId, String apiUrl, String gatewayUrl) {
  public static final String DEFAULT_API_URL = "https://discord.com/api/v10/";
  private static final String SOURCE = "environment";
  private static final Pattern SNOWFLAKE = Pattern.compile("\\d{17,20}");
  // Three dot-separated base64url parts: the bot's id, a timestamp, an HMAC.
  private static final Pattern TOKEN = Pattern.compile("[\\w-]{20,}\\.[\\w-]{4,}\\.[\\w-]{20,}");

  /** True when a Discord id (user, role, channel, server) has the shape of one. */
  public static boolean isSnowflake(String id) {
    return id != null && SNOWFLAKE.matcher(id).matches();
  }

  public DiscordSettings(Secret token, String guildId, String apiUrl) {
    this(token, guildId, apiUrl, null);
  }

  /** Commands go to one server when set, else to every server the bot is in. */
  public boolean guildCommands() {
    return guildId != null;
  }

  /**
   * Discord settings when any DISCORD_ variable is set, empty when none is (Discord is off).
   * Missing or malformed values fail with a problem naming the variable and what to do.
   */
  public static Optional<DiscordSettings> fromEnvironment(Map<String, String> env) {
    List<Problem> problems = new ArrayList<>();
    SecretVariable token = SecretVariable.read(env, "DISCORD_TOKEN", SOURCE, problems);
    String guild = env.get("DISCORD_GUILD_ID");
    String apiUrl = env.get("DISCORD_API_URL");
    String gatewayUrl = env.get("DISCORD_GATEWAY_URL");
    if (!token.given() && blank(guild) && blank(apiUrl)) {
      return Optional.empty();
    }
    if (!token.given()) {
      problems.add(
          new Problem(
              SOURCE,
              "DISCORD_TOKEN",
              "not set: copy the bot token from the Discord Developer Portal (your application >"
                  + " Bot > Reset Token), see README, Connect to Discord"));
    } else if (token.usable() && !TOKEN.matcher(token.value().strip()).matches()) {
      problems.add(
          new Problem(
              SOURCE,
              "DISCORD_TOKEN",
              "does not look like a bot token (three parts separated by dots): copy it again from"
                  + " the Developer Portal, Bot > Reset Token, without 'Bot ' in front"));
    }
    if (!blank(guild) && !isSnowflake(guild.strip())) {
      problems.add(
          new Problem(
              SOURCE,
              "DISCORD_GUILD_ID",
              "'"
                  + guild
                  + "' is not a server id (17 to 20 digits): turn on Developer Mode, then"
                  + " right-click the server > Copy Server ID"));
    }
    String url = blank(apiUrl) ? DEFAULT_API_URL : apiUrl.strip();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      problems.add(new Problem(SOURCE, "DISCORD_API_URL", "'" + url + "' is not an http(s) URL"));
    } else if (!url.endsWith("/")) {
      url = url + "/";
    }
    if (!blank(gatewayUrl) && !gatewayUrl.strip().matches("wss?://.+")) {
      problems.add(
          new Problem(SOURCE, "DISCORD_GATEWAY_URL", "'" + gatewayUrl + "' is not a ws(s):// URL"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return Optional.of(
        new DiscordSettings(
            Secret.of(token.value().strip()),
            blank(guild) ? null : guild.strip(),
            url,
            blank(gatewayUrl) ? null : gatewayUrl.strip()));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
