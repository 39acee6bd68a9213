package dev.opsbot.intake;

import dev.opsbot.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where opsbot reaches Alertmanager's API v2, and how it proves who it is: nothing, basic auth
 * (Alertmanager's {@code --web.config.file}, or a proxy in front of it) or a bearer token (a
 * proxy).
 *
 * @param url Alertmanager's root, such as {@code http://alertmanager:9093} (a path prefix, as
 *     behind a proxy, is kept)
 * @param username with {@code password}, basic auth; null for none
 * @param password the basic auth password; null for none
 * @param bearerToken sent as {@code Authorization: Bearer}; null for none
 * @param timeout how long one call may take in all
 */
public record AlertmanagerConnection(
    HttpUrl url, String username, Secret password, Secret bearerToken, Duration timeout) {
  public static final String URL_VARIABLE = "OPSBOT_ALERTMANAGER_URL";
  public static final String USERNAME_VARIABLE = "OPSBOT_ALERTMANAGER_USERNAME";
  public static final String PASSWORD_VARIABLE = "OPSBOT_ALERTMANAGER_PASSWORD";
  public static final String TOKEN_VARIABLE = "OPSBOT_ALERTMANAGER_TOKEN";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public AlertmanagerConnection {
    if (url == null) {
      throw new IllegalArgumentException("the Alertmanager URL is missing");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      // Credentials in a URL end up in messages and logs; the variables keep them out.
      throw new IllegalArgumentException(
          "the Alertmanager URL carries credentials: put them in "
              + USERNAME_VARIABLE
              + " and "
              + PASSWORD_VARIABLE
              + " instead");
    }
    if (username != null && username.isBlank()) {
      username = null;
    }
    if (password != null && password.isEmpty()) {
      password = null;
    }
    if (bearerToken != null && bearerToken.isEmpty()) {
      bearerToken = null;
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "basic auth for Alertmanager needs both "
              + USERNAME_VARIABLE
              + " and "
              + PASSWORD_VARIABLE
              + "; only "
              + (username == null ? PASSWORD_VARIABLE : USERNAME_VARIABLE)
              + " is set");
    }
    if (password != null && bearerToken != null) {
      throw new IllegalArgumentException(
          "set either "
              + PASSWORD_VARIABLE
              + " (basic auth) or "
              + TOKEN_VARIABLE
              + " (bearer token) for Alertmanager, not both");
    }
    for (Secret secret : new Secret[] {password, bearerToken}) {
      if (secret != null && secret.controlCharacter().isPresent()) {
        throw new IllegalArgumentException(
            "the Alertmanager "
                + (secret == password ? PASSWORD_VARIABLE : TOKEN_VARIABLE)
                + " has "
                + secret.controlCharacter().get()
                + "; it cannot be sent in an HTTP header");
      }
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Alertmanager timeout must be positive");
    }
  }

  /** No credentials, the default timeout. */
  public static AlertmanagerConnection of(String url) {
    return new AlertmanagerConnection(parse(url), null, null, null, null);
  }

  /**
   * From {@code OPSBOT_ALERTMANAGER_URL} (empty or unset: opsbot does not silence in Alertmanager)
   * and, optionally, {@code OPSBOT_ALERTMANAGER_USERNAME} with {@code
   * OPSBOT_ALERTMANAGER_PASSWORD}, or {@code OPSBOT_ALERTMANAGER_TOKEN}.
   *
   * @throws IllegalArgumentException naming the variable that is wrong, never its value
   */
  public static Optional<AlertmanagerConnection> fromEnvironment(Map<String, String> env) {
    String url = env.getOrDefault(URL_VARIABLE, "").strip();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AlertmanagerConnection(
            parse(url),
            env.get(USERNAME_VARIABLE),
            secret(env.get(PASSWORD_VARIABLE)),
            secret(env.get(TOKEN_VARIABLE)),
            null));
  }

  private static Secret secret(String value) {
    return value == null || value.isEmpty() ? null : Secret.of(value);
  }

  private static HttpUrl parse(String url) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
    if (parsed == null) {
      throw new IllegalArgumentException(
          URL_VARIABLE
              + " is not an http:// or https:// URL (such as http://alertmanager:9093): \u201c"
              + redactedForMessage(url)
              + "\u201d");
    }
    return parsed;
  }

  /** A URL that did not parse, for a message: anything before an {@code @} may be credentials. */
  private static String redactedForMessage(String url) {
    if (url == null) {
      return "";
    }
    int at = url.lastIndexOf('@');
    return at < 0 ? url : "\u2026" + url.substring(at);
  }

  /** The root for messages: scheme, host, port and path prefix, never credentials. */
  public String shown() {
    return url.toString();
  }
}
