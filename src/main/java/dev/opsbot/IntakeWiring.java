package dev.opsbot;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.intake.Intake;
import dev.opsbot.intake.NoSourceSilencer;
import dev.opsbot.intake.SourceSilencer;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.util.Map;
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
            "intake", () -> new Intake(settings, desk, state, silencer(settings), replies, clock));
    log.info(
        "event=intake_enabled sources={} paths=\"/intake/alertmanager, /intake/webhook/<source>\"",
        settings.sources().keySet());
    return intake.routes();
  }

  private static SourceSilencer silencer(IntakeSettings settings) {
    if (!settings.alertmanagerUrl().isEmpty()) {
      log.warn(
          "event=alertmanager_silences_off note=\"intake.alertmanagerUrl is set, but this build has"
              + " no Alertmanager API client: acknowledgements do not silence there\"");
    }
    return new NoSourceSilencer();
  }
}
