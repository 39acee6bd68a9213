package dev.opsbot;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.config.ConfigException;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.Problem;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.intake.AlertmanagerConnection;
import dev.opsbot.intake.AlertmanagerSilencer;
import dev.opsbot.intake.Intake;
import dev.opsbot.intake.NoSourceSilencer;
import dev.opsbot.intake.SourceSilencer;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts from elsewhere: the intake's paths on the admin server, when a source is configured. */
final class IntakeWiring {
  private static final Logger log = LoggerFactory.getLogger(Opsbot.class);

  private IntakeWiring() {}

  /** Built before the desk starts (its pseudo rules must be known then); none without sources. */
  static Map<String, HttpHandler> routes(
      IntakeSettings configured,
      AlertDesk desk,
      StateDatabase state,
      ThreadReplies replies,
      OkHttpClient http,
      Clock clock,
      Lifecycle lifecycle) {
    IntakeSettings settings = configured.withTokensOnly();
    configured.sources().keySet().stream()
        .filter(name -> !settings.sources().containsKey(name))
        .forEach(name ->
            log.warn(
                "event=intake_source_off source={} note=\"its token is empty: set the variable"
                    + " intake.sources.{}.token names to accept its alerts\"",
                name,
                name));
    if (!settings.enabled()) {
      return Map.of();
    }
    Intake intake =
        lifecycle.start(
            "intake",
            () ->
                new Intake(settings, desk, state, silencer(settings, http, clock), replies, clock));
    log.info(
        "event=intake_enabled sources={} paths=\"/intake/alertmanager, /intake/webhook/<source>\"",
        settings.sources().keySet());
    return intake.routes();
  }

  /**
   * Alertmanager's API v2 at {@code intake.alertmanagerUrl}, with the credentials of {@code
   * OPSBOT_ALERTMANAGER_USERNAME}/{@code _PASSWORD} or {@code _TOKEN}; none without a URL.
   */
  private static SourceSilencer silencer(IntakeSettings settings, OkHttpClient http, Clock clock) {
    if (settings.alertmanagerUrl().isEmpty()) {
      return new NoSourceSilencer();
    }
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put(AlertmanagerConnection.URL_VARIABLE, settings.alertmanagerUrl());
    AlertmanagerConnection connection;
    try {
      connection = AlertmanagerConnection.fromEnvironment(environment).orElseThrow();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          List.of(new Problem("opsbot.yaml", "intake.alertmanagerUrl", e.getMessage())));
    }
    log.info(
        "event=alertmanager_silences_on note=\"an acknowledgement or snooze of an Alertmanager"
            + " alert silences its group there\"");
    return new AlertmanagerSilencer(connection, http, clock);
  }
}
