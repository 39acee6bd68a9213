package dev.opsbot;

import dev.opsbot.config.StateSettings;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.state.EmbeddedStateServer;
import dev.opsbot.state.StateDatabase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured state database, or an embedded one with its data in a local directory. */
final class StateWiring {
  // Logged as Opsbot, like the rest of start-up.
  private static final Logger log = LoggerFactory.getLogger(Opsbot.class);

  private StateWiring() {}

  static StateDatabase start(StateSettings settings, Lifecycle lifecycle) {
    StateDatabase state = open(settings, lifecycle);
    state
        .ready()
        .ifPresent(reason ->
            log.warn(
                "event=state_database_unavailable reason=\"{}\" note=\"commands that need it"
                    + " answer so; audit rows wait in memory\"",
                reason));
    return state;
  }

  private static StateDatabase open(StateSettings settings, Lifecycle lifecycle) {
    if (!settings.embedded()) {
      return lifecycle.start(
          "state database",
          () ->
              new StateDatabase(
                  settings.url(),
                  settings.user(),
                  settings.password() == null ? null : settings.password().reveal()));
    }
    Path directory = Path.of(settings.dataDirectory());
    log.warn(
        "event=state_database_embedded data_directory={} note=\"no state.url configured: opsbot"
            + " runs its own PostgreSQL there; set state.url to share state between replicas\"",
        directory.toAbsolutePath());
    EmbeddedStateServer server =
        lifecycle.start("embedded state server", () -> EmbeddedStateServer.start(directory));
    return lifecycle.start(
        "state database", () -> new StateDatabase(server.jdbcUrl(), "postgres", null));
  }
}
