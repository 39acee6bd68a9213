package dev.opsbot.intake;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.time.Duration;
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
  private final SourceWatch watch;

  /** How often the groups silenced at their source are asked about (see {@link SourceWatch}). */
  static final Duration WATCH_EVERY = Duration.ofSeconds(30);

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
    this(settings, desk, state, silencer, replies, clock, null, WATCH_EVERY);
  }

  /**
   * As above, calling the silencer on {@code executor} (tests: at once; null: a thread of its own),
   * and asking the source about silenced groups every {@code watchEvery}.
   */
  Intake(
      IntakeSettings settings,
      AlertDesk desk,
      StateDatabase state,
      SourceSilencer silencer,
      ThreadReplies replies,
      Clock clock,
      Executor executor,
      Duration watchEvery) {
    IntakeRules rules = new IntakeRules(settings);
    desk.addExternalRules(rules.externalRules());
    IntakeProcessor processor = new IntakeProcessor(desk, new IntakeStore(state), clock);
    this.handler = new IntakeHandler(settings, rules, processor);
    this.silencing =
        executor == null
            ? Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("source-silences").factory())
            : null;
    SourceWatch watching = null;
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
      watching =
          new SourceWatch(silencer, new SilenceClaimStore(state), processor, alertmanagers, clock)
              .start(watchEvery);
    }
    this.watch = watching;
  }

  /** The admin server's contexts: {@code /intake/} (a prefix: every source's path). */
  public Map<String, HttpHandler> routes() {
    return Map.of("/intake/", handler);
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    if (silencing != null) {
      silencing.shutdown();
    }
  }
}
