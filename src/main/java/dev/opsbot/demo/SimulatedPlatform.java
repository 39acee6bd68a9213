package dev.opsbot.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.demo.DemoHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the platforms' stand-ins tell of a simulated service beyond its deploys: a plausible log
 * stream (requests and agent runs, and a burst of errors while a fault is injected) and Render's
 * memory and CPU metrics, in Render's and Vercel's documented shapes.
 */
final class SimulatedPlatform {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MEMORY_LIMIT = 512L * 1024 * 1024;
  private static final Duration QUIET_EVERY = Duration.ofSeconds(20);
  private static final Duration BURST_EVERY = Duration.ofSeconds(6);
  private static final Duration BURST = Duration.ofMinutes(5);

  private SimulatedPlatform() {}

  /** One line of the simulated stream. */
  record Entry(Instant at, String level, String message) {}

  /** The service's lines within the window, newest first, at most {@code limit}. */
  static List<Entry> logs(String service, FaultState faults, Instant now, Instant from, int limit) {
    List<Entry> lines = new ArrayList<>();
    String burst = burst(service, faults);
    Instant burstFrom =
        faults.brokenSince == null || faults.brokenSince.isBefore(now.minus(BURST))
            ? now.minus(BURST)
            : faults.brokenSince;
    Instant at = now.minusMillis(now.toEpochMilli() % 1000);
    int n = 0;
    while (!at.isBefore(from) && lines.size() < limit) {
      if (burst != null && !at.isBefore(burstFrom)) {
        lines.add(new Entry(at, "error", burst));
        if (n % 3 == 0 && lines.size() < limit) {
          lines.add(new Entry(at.minusMillis(300), "info", retry(service, n)));
        }
        at = at.minus(BURST_EVERY);
      } else {
        lines.add(new Entry(at, "info", quiet(service, n)));
        at = at.minus(QUIET_EVERY);
      }
      n++;
    }
    return lines;
  }

  private static String burst(String service, FaultState faults) {
    if (faults.down) {
      return "Worker exited with code 137 (out of memory); restarting worker 1 of 1 failed:"
          + " address already in use";
    }
    if (faults.error) {
      return "Unhandled exception in GET /health: psycopg2.OperationalError: connection to server"
          + " at \"pooler.supabase.com\" failed: FATAL: remaining connection slots are reserved";
    }
    if (!faults.aureaRunning) {
      return "AUREA orchestrator loop crashed: RuntimeError: decision queue closed; the"
          + " orchestrator is not running ("
          + service
          + ")";
    }
    if (faults.memoryPercent > 80) {
      return "Memory at " + faults.memoryPercent + "% of 512 MiB: agent cache not evicted";
    }
    return null;
  }

  private static String quiet(String service, int n) {
    return switch (n % 3) {
      case 0 -> "GET /health 200 in " + (8 + n % 7) + " ms";
      case 1 -> service + ": PricingOptimizer run finished in 2." + n % 10 + " s";
      default -> "POST /mcp/execute 200 in " + (120 + n % 50) + " ms";
    };
  }

  private static String retry(String service, int n) {
    return service + ": retrying in " + (1 + n % 5) + " s";
  }

  /** {@code GET /logs}: Render's Logs200Response, newest first (direction=backward). */
  static Reply renderLogs(String serviceId, String service, List<Entry> entries, Instant from) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("hasMore", false);
    answer.put("nextStartTime", from.toString());
    answer.put("nextEndTime", from.toString());
    ArrayNode logs = answer.putArray("logs");
    int i = 0;
    for (Entry entry : entries) {
      ObjectNode log = logs.addObject();
      log.put("id", serviceId + "-" + entry.at().toEpochMilli() + "-" + i++);
      log.put("message", entry.message());
      log.put("timestamp", entry.at().toString());
      ArrayNode labels = log.putArray("labels");
      labels.addObject().put("name", "resource").put("value", serviceId);
      labels.addObject().put("name", "instance").put("value", serviceId + "-demo1");
      labels.addObject().put("name", "level").put("value", entry.level());
      labels.addObject().put("name", "type").put("value", "app");
    }
    return new Reply(200, answer.toString());
  }

  /** Vercel's runtime logs: one JSON object a line, oldest first. */
  static String vercelLogs(String domain, List<Entry> newestFirst) {
    StringBuilder out = new StringBuilder();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      Entry entry = newestFirst.get(i);
      ObjectNode line = JSON.createObjectNode();
      line.put("level", entry.level().equals("error") ? "error" : "info");
      line.put("message", entry.message());
      line.put("rowId", "row" + entry.at().toEpochMilli());
      line.put("source", "serverless");
      line.put("timestampInMs", entry.at().toEpochMilli());
      line.put("domain", domain);
      line.put("messageTruncated", false);
      line.put("requestMethod", "GET");
      line.put("requestPath", "/api/health");
      line.put("responseStatusCode", entry.level().equals("error") ? 500 : 200);
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /** {@code GET /metrics/{memory,memory-limit,cpu}}: a timeSeriesCollection of one series. */
  static Reply metric(String metric, String serviceId, FaultState faults, Instant now) {
    double value;
    String unit;
    switch (metric) {
      case "memory" -> {
        value = MEMORY_LIMIT * faults.memoryPercent / 100.0;
        unit = "bytes";
      }
      case "memory-limit" -> {
        value = MEMORY_LIMIT;
        unit = "bytes";
      }
      case "cpu" -> {
        value = faults.error || faults.slowMillis > 0 ? 0.92 : 0.08;
        unit = "cpu";
      }
      default -> {
        return new Reply(404, "{\"id\":\"not-found\",\"message\":\"unknown metric\"}");
      }
    }
    ArrayNode collection = JSON.createArrayNode();
    ObjectNode series = collection.addObject();
    series.putArray("labels").addObject().put("field", "resource").put("value", serviceId);
    ArrayNode values = series.putArray("values");
    values.addObject().put("timestamp", now.minusSeconds(60).toString()).put("value", value * 0.98);
    values.addObject().put("timestamp", now.toString()).put("value", value);
    series.put("unit", unit);
    return new Reply(200, collection.toString());
  }
}
