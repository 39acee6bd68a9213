package dev.opsbot.probe;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /health}'s table of heartbeat monitors ("scheduler ON TIME 2 min ago last ping 02:10, next
 * by 02:17 UTC"), from the fields their probes set ({@code lastPingAt}) and their reasons.
 */
final class HeartbeatTable {
  private HeartbeatTable() {}

  /** Adds the table when there are heartbeats; their results, for the message's tone. */
  static List<ProbeResult> add(
      ProbeEngine engine, Clock clock, boolean fresh, Message.Builder message) {
    List<ProbeKey> keys = engine.keys(ProbeKind.HEARTBEAT);
    if (keys.isEmpty()) {
      return List.of();
    }
    List<ProbeResult> results = List.copyOf(engine.probe(keys, fresh).values());
    List<List<String>> rows = new ArrayList<>();
    for (ProbeResult result : results) {
      String lastPing =
          result
              .field("lastPingAt")
              .map(at -> HumanTime.age(Instant.parse(at.asText()), clock.instant()))
              .orElse("never");
      rows.add(
          List.of(
              result.key().subject(),
              result.status() == ProbeStatus.DOWN ? "LATE" : "ON TIME",
              lastPing,
              result.reason()));
    }
    message.table(List.of("HEARTBEAT", "STATUS", "LAST PING", "DETAIL"), rows);
    return results;
  }

  /** {@code /health <heartbeat>}: its standing, last ping and next deadline on their own. */
  static Message single(ProbeEngine engine, Clock clock, ProbeKey key, boolean fresh) {
    ProbeResult result = engine.probe(List.of(key), fresh).get(key);
    String standing = result.status() == ProbeStatus.DOWN ? "LATE" : "ON TIME";
    String lastPing =
        result
            .field("lastPingAt")
            .map(at -> {
              Instant when = Instant.parse(at.asText());
              return HumanTime.age(when, clock.instant())
                  + " ("
                  + when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  + ")";
            })
            .orElse("never");
    return Message.builder(key.subject() + " is " + standing + ": " + result.reason())
        .header("heartbeat " + key.subject() + ": " + standing)
        .fields(
            List.of(
                new Block.Field("Status", standing),
                new Block.Field("Last ping", lastPing),
                new Block.Field("Detail", result.reason())))
        .tone(HealthCommand.tone(List.of(result)))
        .build();
  }
}
