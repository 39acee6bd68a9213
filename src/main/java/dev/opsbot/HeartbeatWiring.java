package dev.opsbot;

import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.config.HeartbeatConfig;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.heartbeat.Heartbeat;
import dev.opsbot.heartbeat.HeartbeatProbe;
import dev.opsbot.heartbeat.HeartbeatStore;
import dev.opsbot.heartbeat.Monitors;
import dev.opsbot.heartbeat.PingHandler;
import dev.opsbot.probe.Probe;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat monitors that are on (those with a token): a probe each for the engine, and {@code
 * /heartbeat/} for the admin server. A monitor without a token is logged as off.
 */
record HeartbeatWiring(List<Probe> probes, Map<String, HttpHandler> routes) {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatWiring.class);

  static HeartbeatWiring of(OpsbotConfig config, StateDatabase state, Clock clock) {
    for (HeartbeatConfig off : config.heartbeats()) {
      if (!off.on()) {
        log.warn(
            "event=heartbeat_off heartbeat={} reason=\"no token: set the variable its token:"
                + " names\"",
            off.id());
      }
    }
    List<Heartbeat> on =
        config.heartbeats().stream().filter(HeartbeatConfig::on).map(Heartbeat::of).toList();
    if (on.isEmpty()) {
      return new HeartbeatWiring(List.of(), Map.of());
    }
    HeartbeatStore store = new HeartbeatStore(state);
    List<Probe> probes = on.stream().<Probe>map(h -> new HeartbeatProbe(h, store, clock)).toList();
    return new HeartbeatWiring(probes, new PingHandler(new Monitors(on), store, clock).routes());
  }
}
