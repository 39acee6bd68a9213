package dev.opsbot.intake;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The intake assembled: its pseudo rules handed to the desk (before the desk starts), its handler
 * for the admin server's {@code /intake/} context, and the silences at the source on a person's
 * response.
 */
public final class Intake implements AutoCloseable {
  private final IntakeHandler handler;
  private final ExecutorService silencing;

  /**
   * @param silencer the source's silences; {@link NoSourceSilencer} when none is configured
   */
  public Intake(
      IntakeSettings settings,
      AlertDesk desk,
      StateDatabase state,
      SourceSilencer silencer,
      ThreadReplies replies,
      Clock clock) {
    this(settings, desk, state, silencer, replies, clock, null);
  }

  /**
   * As above, calling the silencer on {@code executor} (tests: at once); null: a thread of its own.
   */
  Intake(
      IntakeSettings settings,
      AlertDesk desk,
      StateDatabase state,
      SourceSilencer silencer,
      ThreadReplies replies,
      Clock clock,
      Executor executor) {
    IntakeRules rules = new IntakeRules(settings);
    desk.addExternalRules(rules.externalRules());
    this.handler =
        new IntakeHandler(
            settings, rules, new IntakeProcessor(desk, new IntakeStore(state), clock));
    this.silencing =
        executor == null
            ? Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("source-silences").factory())
            : null;
    if (!(silencer instanceof NoSourceSilencer)) {
      Set<String> alertmanagers =
          settings.sources().entrySet().stream()
              .filter(e -> e.getValue().alertmanager())
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      desk.onResponse(
          new SilenceOnResponse(
              silencer,
              new SilenceClaimStore(state),
              alertmanagers,
              settings.ackSilence(),
              replies,
              executor != null ? executor : silencing,
              clock));
    }
  }

  /** The admin server's contexts: {@code /intake/} (a prefix: every source's path). */
  public Map<String, HttpHandler> routes() {
    return Map.of("/intake/", handler);
  }

  @Override
  public void close() {
    if (silencing != null) {
      silencing.shutdown();
    }
  }
}
