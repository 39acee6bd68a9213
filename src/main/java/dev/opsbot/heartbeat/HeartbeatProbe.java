package dev.opsbot.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One monitor as a probe target: DOWN while its job is late (or reported a failure), UP otherwise,
 * judged from the pings in the state database. Fields: {@code lastPingAt} and {@code expectedBy}
 * (ISO-8601 instants, absent when unknown) and {@code schedule} ("every 5m (grace 1m)").
 */
public final class HeartbeatProbe implements Probe {
  private final Heartbeat heartbeat;
  private final HeartbeatStore store;
  private final Clock clock;
  private final Instant watchingSince;
  private volatile LastPings lastKnown = LastPings.NONE;

  public HeartbeatProbe(Heartbeat heartbeat, HeartbeatStore store, Clock clock) {
    this.heartbeat = heartbeat;
    this.store = store;
    this.clock = clock;
    this.watchingSince = clock.instant();
  }

  @Override
  public ProbeKey key() {
    return ProbeKey.heartbeat(heartbeat.id());
  }

  @Override
  public ProbeResult run() {
    String note = "";
    try {
      lastKnown = store.read(heartbeat.id());
    } catch (StateUnavailableException e) {
      // No ping can be recorded while the database is away either: the last known ones stand.
      note = " (state database unavailable: as last read)";
    } catch (RuntimeException e) {
      note = " (pings unreadable: " + e.getClass().getSimpleName() + "; as last read)";
    }
    Instant now = clock.instant();
    Verdict verdict = Verdict.of(heartbeat.expectation(), lastKnown, watchingSince, now);
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (verdict.lastPing() != null) {
      fields.put("lastPingAt", nodes.textNode(verdict.lastPing().toString()));
    }
    if (verdict.expectedBy() != null) {
      fields.put("expectedBy", nodes.textNode(verdict.expectedBy().toString()));
    }
    fields.put("schedule", nodes.textNode(heartbeat.expectation().describe()));
    return new ProbeResult(
        key(),
        verdict.late() ? ProbeStatus.DOWN : ProbeStatus.UP,
        null,
        Duration.ZERO,
        null,
        null,
        verdict.reason() + note,
        fields,
        now);
  }
}
