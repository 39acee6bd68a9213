package dev.opsbot;

import dev.opsbot.config.StateSettings;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.state.EmbeddedStateServer;
import dev.opsbot.state.StateDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
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
                    + " answer so; audit rows wait in a local file\"",
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
        "state database",
        () -> new StateDatabase(server.jdbcUrl(), server.user(), server.password().reveal()));
  }

  /**
   * Where audit rows wait while the state database is down: next to the embedded database's data,
   * one file per state database, so the demo never replays a real bot's rows.
   */
  static Path auditSpillFile(StateSettings settings) {
    // Each embedded data directory and each state database has its own file: one bot never replays
    // another's rows.
    String key =
        settings.embedded()
            ? "embedded " + Path.of(settings.dataDirectory()).toAbsolutePath().normalize()
            : settings.url() + " " + settings.user();
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String id = HexFormat.of().formatHex(Arrays.copyOf(digest, 6));
    Path data = Path.of(settings.dataDirectory()).toAbsolutePath();
    Path parent = data.getParent() == null ? data : data.getParent();
    return parent.resolve("audit-pending-" + id + ".jsonl");
  }
}
