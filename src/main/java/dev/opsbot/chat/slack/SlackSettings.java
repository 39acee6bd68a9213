package dev.opsbot.chat.slack;

import com.slack.api.SlackConfig;
import dev.opsbot.config.ConfigException;
import dev.opsbot.config.Problem;
import dev.opsbot.config.Secret;
import dev.opsbot.config.SecretVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Slack, from the environment: {@code SLACK_BOT_TOKEN} always; {@code SLACK_APP_TOKEN}
 * for Socket Mode, or {@code SLACK_SIGNING_SECRET} (and {@code SLACK_HTTP_PORT}) for HTTP mode;
 * {@code SLACK_API_URL} for another Web API base URL. Each secret may instead come from the file
 * its {@code _FILE} variable names ({@link SecretVariable}).
 */
public record SlackSettings(
    Secret botToken, Secret appToken, Secret signingSecret, String apiUrl, int httpPort) {
  public static final String DEFAULT_API_URL = "https://slack.com/api/";
  private static final String SOURCE = "environment";

  /**
   * The Slack SDK's configuration for these settings: the Web API base URL, bounded calls, and call
   * statistics off (they add auth.test calls of their own to each method).
   */
  public SlackConfig sdkConfig() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(apiUrl);
    config.setStatsEnabled(false);
    config.setHttpClientCallTimeoutMillis(15_000);
    config.setHttpClientReadTimeoutMillis(10_000);
    config.setHttpClientWriteTimeoutMillis(10_000);
    return config;
  }

  public boolean socketMode() {
    return appToken != null;
  }

  /**
   * Slack settings when any SLACK_ variable is set, empty when none is (Slack is off). Missing or
   * malformed values fail with a problem naming the variable.
   */
  public static Optional<SlackSettings> fromEnvironment(Map<String, String> env) {
    List<Problem> problems = new ArrayList<>();
    SecretVariable bot = SecretVariable.read(env, "SLACK_BOT_TOKEN", SOURCE, problems);
    SecretVariable app = SecretVariable.read(env, "SLACK_APP_TOKEN", SOURCE, problems);
    SecretVariable signing = SecretVariable.read(env, "SLACK_SIGNING_SECRET", SOURCE, problems);
    if (!bot.given() && !app.given() && !signing.given()) {
      return Optional.empty();
    }
    if (!bot.given()) {
      problems.add(
          new Problem(
              SOURCE,
              "SLACK_BOT_TOKEN",
              "not set: both modes need the bot token (xoxb-...) from the app's OAuth & Permissions"
                  + " page"));
    } else if (bot.usable() && !bot.value().startsWith("xoxb-")) {
      problems.add(
          new Problem(
              SOURCE, "SLACK_BOT_TOKEN", "does not look like a bot token: it starts with xoxb-"));
    }
    if (app.usable() && !app.value().startsWith("xapp-")) {
      problems.add(
          new Problem(
              SOURCE,
              "SLACK_APP_TOKEN",
              "does not look like an app-level token: it starts with xapp- (Basic Information, App-Level"
                  + " Tokens, scope connections:write)"));
    }
    if (!app.given() && !signing.given()) {
      problems.add(
          new Problem(
              SOURCE,
              "SLACK_APP_TOKEN",
              "neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set: set"
                  + " one"));
    }
    String apiUrl = env.getOrDefault("SLACK_API_URL", DEFAULT_API_URL);
    if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
      problems.add(new Problem(SOURCE, "SLACK_API_URL", "'" + apiUrl + "' is not an http(s) URL"));
    } else if (!apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
    int port = 3000;
    String portText = env.get("SLACK_HTTP_PORT");
    if (!blank(portText)) {
      try {
        port = Integer.parseInt(portText.strip());
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(
            new Problem(SOURCE, "SLACK_HTTP_PORT", "'" + portText + "' is not a port (1-65535)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return Optional.of(
        new SlackSettings(
            Secret.of(bot.value()),
            app.usable() ? Secret.of(app.value()) : null,
            signing.usable() ? Secret.of(signing.value()) : null,
            apiUrl,
            port));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
