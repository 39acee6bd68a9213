package dev.opsbot.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opsbot.config.AureaConfig;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A week of made-up probe history for the demo fleet, so {@code /digest preview} has days to show
 * at once: steady services with a daily rhythm in latency, a backend outage yesterday afternoon, a
 * slow MCP Bridge three days ago, AUREA stopped for a quarter of an hour and its scheduler short of
 * jobs for an hour. Deterministic: every demo shows the same week.
 */
public final class DemoHistory {
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private DemoHistory() {}

  /** Results every 5 minutes for the 7 days before {@code now}. */
  public static List<ProbeResult> week(OpsbotConfig config, Instant now) {
    Random random = new Random(42);
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
    Instant start = end.minus(Duration.ofDays(7));
    Instant outage = end.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(10));
    Instant slowDay = end.minus(Duration.ofDays(3));
    List<ProbeResult> results = new ArrayList<>();
    int index = 0;
    for (ServiceConfig service : config.services()) {
      int base = 80 + 45 * index++;
      for (Instant at = start; at.isBefore(end); at = at.plus(STEP)) {
        double rhythm = 1 + 0.35 * Math.sin(2 * Math.PI * at.getEpochSecond() / 86_400.0);
        long latency = Math.round(base * rhythm * (0.8 + 0.4 * random.nextDouble()));
        ProbeStatus status = ProbeStatus.UP;
        if (service.id().equals("backend") && inside(at, outage, Duration.ofMinutes(25))) {
          status = ProbeStatus.DOWN;
          latency = 5_000;
        } else if (service.id().equals("mcp-bridge") && inside(at, slowDay, Duration.ofHours(2))) {
          status = ProbeStatus.DEGRADED;
          latency = 2_400 + random.nextInt(800);
        }
        results.add(result(ProbeKey.health(service.id()), status, latency, Map.of(), at));
      }
    }
    config
        .databases()
        .forEach((name, database) -> {
          for (Instant at = start; at.isBefore(end); at = at.plus(STEP)) {
            results.add(
                result(
                    ProbeKey.database(name), ProbeStatus.UP, 3 + random.nextInt(6), Map.of(), at));
          }
        });
    config.aureaConfig().ifPresent(aurea -> results.addAll(aurea(aurea, start, end, random)));
    return results;
  }

  private static List<ProbeResult> aurea(
      AureaConfig aurea, Instant start, Instant end, Random random) {
    List<ProbeResult> results = new ArrayList<>();
    Instant stopped = end.minus(Duration.ofHours(6));
    Instant short1 = end.minus(Duration.ofHours(15));
    long cycles = 12_000;
    long decisions = 900;
    for (Instant at = start; at.isBefore(end); at = at.plus(STEP)) {
      boolean running = !inside(at, stopped, Duration.ofMinutes(15));
      if (running) {
        cycles += 1;
        decisions += random.nextInt(3) == 0 ? 1 : 0;
      }
      results.add(
          result(
              ProbeKey.endpoint(aurea.service(), aurea.usageEndpoint()),
              ProbeStatus.UP,
              120 + random.nextInt(60),
              Map.of(
                  "running", JSON.booleanNode(running),
                  "cyclesCompleted", JSON.numberNode(cycles),
                  "decisionsMade", JSON.numberNode(decisions)),
              at));
      int jobs = inside(at, short1, Duration.ofHours(1)) ? 58 : aurea.expectedJobs();
      results.add(
          result(
              ProbeKey.endpoint(aurea.service(), aurea.schedulerEndpoint()),
              ProbeStatus.UP,
              90 + random.nextInt(40),
              Map.of("jobsCount", JSON.numberNode(jobs), "registeredJobs", JSON.numberNode(jobs)),
              at));
    }
    return results;
  }

  private static boolean inside(Instant at, Instant from, Duration length) {
    return !at.isBefore(from) && at.isBefore(from.plus(length));
  }

  private static ProbeResult result(
      ProbeKey key, ProbeStatus status, long millis, Map<String, JsonNode> fields, Instant at) {
    return new ProbeResult(
        key,
        status,
        status == ProbeStatus.DOWN ? null : 200,
        Duration.ofMillis(millis),
        null,
        null,
        status == ProbeStatus.DOWN ? "connection refused" : "ok",
        fields,
        at);
  }
}
