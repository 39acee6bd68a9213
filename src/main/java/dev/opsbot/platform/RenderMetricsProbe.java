package dev.opsbot.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A Render service's memory and CPU as Render measures them ({@code GET /metrics/memory}, {@code
 * /metrics/memory-limit}, {@code /metrics/cpu}, each a timeSeriesCollection), as the probe result
 * of the service's {@code platform} endpoint: fields memoryPercent, memoryMb, memoryLimitMb and cpu
 * (cores). Alert rules read them like any endpoint's fields. Render is asked at most once per
 * {@code rollback.metricsEvery}; between readings the last one is given again.
 */
public final class RenderMetricsProbe implements Probe {
  public static final String ENDPOINT = "platform";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 256 * 1024;

  /** How far back a reading looks: a few points of Render's default resolution. */
  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final ProbeKey key;
  private final String serviceId;
  private final HttpUrl base;
  private final PlatformHttp http;
  private final Duration every;
  private final Clock clock;
  private Map<String, JsonNode> last;
  private Instant lastRead;

  public RenderMetricsProbe(
      String service,
      String serviceId,
      RollbackSettings settings,
      OkHttpClient client,
      Clock clock) {
    this.key = ProbeKey.endpoint(service, ENDPOINT);
    this.serviceId = serviceId;
    this.base = HttpUrl.get(settings.render().apiUrl());
    this.http =
        new PlatformHttp(
            "Render", "RENDER_API_KEY", settings.render().apiKey(), client, Duration.ofSeconds(10));
    this.every = settings.metricsEvery();
    this.clock = clock;
  }

  @Override
  public ProbeKey key() {
    return key;
  }

  @Override
  public synchronized ProbeResult run() {
    Instant started = clock.instant();
    if (last != null && lastRead != null && started.isBefore(lastRead.plus(every))) {
      return result(ProbeStatus.UP, null, last, started, Duration.ZERO);
    }
    try {
      Double memory = megabytes(latest("memory", started));
      Double limit = megabytes(latest("memory-limit", started));
      Reading cpuReading = latest("cpu", started);
      Double cpu = cpuReading == null ? null : cpuReading.value();
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      if (memory != null) {
        fields.put("memoryMb", nodes.numberNode(round(memory)));
      }
      if (limit != null && limit > 0) {
        fields.put("memoryLimitMb", nodes.numberNode(round(limit)));
        if (memory != null) {
          fields.put("memoryPercent", nodes.numberNode(round(memory * 100 / limit)));
        }
      }
      if (cpu != null) {
        fields.put("cpu", nodes.numberNode(Math.round(cpu * 1000) / 1000.0));
      }
      last = fields;
      lastRead = started;
      Duration took = Duration.between(started, clock.instant());
      return result(ProbeStatus.UP, "read from Render", fields, started, took);
    } catch (PlatformException e) {
      return result(
          ProbeStatus.DOWN,
          e.getMessage(),
          Map.of(),
          started,
          Duration.between(started, clock.instant()));
    } catch (RuntimeException e) {
      return result(
          ProbeStatus.DOWN,
          "Render's metrics could not be read: " + e.getClass().getSimpleName(),
          Map.of(),
          started,
          Duration.ZERO);
    }
  }

  /** A metric's value in its unit ("bytes", "MB", ...; null when Render names none). */
  private record Reading(double value, String unit) {}

  private static Double megabytes(Reading reading) {
    if (reading == null) {
      return null;
    }
    String unit =
        reading.unit() == null ? "bytes" : reading.unit().toLowerCase(java.util.Locale.ROOT);
    return switch (unit) {
      case "kb", "kib" -> reading.value() / 1024;
      case "mb", "mib" -> reading.value();
      case "gb", "gib" -> reading.value() * 1024;
      default -> reading.value() / 1024 / 1024;
    };
  }

  /** The newest value across the series of one metric; null when Render has none yet. */
  private Reading latest(String metric, Instant now) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegment("metrics")
            .addPathSegment(metric)
            .addQueryParameter("resource", serviceId)
            .addQueryParameter("startTime", now.minus(WINDOW).toString())
            .addQueryParameter("endTime", now.toString())
            .build();
    JsonNode series =
        http.get(url, "reading the " + metric + " of " + serviceId, MAX_BYTES, JSON::readTree);
    Reading reading = null;
    // Several series are several instances: the busiest one speaks for the service.
    for (JsonNode one : series) {
      JsonNode values = one.path("values");
      if (values.isArray() && !values.isEmpty()) {
        JsonNode point = values.get(values.size() - 1);
        double value = point.path("value").asDouble();
        if (reading == null || value > reading.value()) {
          reading = new Reading(value, one.path("unit").asText(null));
        }
      }
    }
    return reading;
  }

  private ProbeResult result(
      ProbeStatus status, String reason, Map<String, JsonNode> fields, Instant at, Duration took) {
    return new ProbeResult(key, status, null, took, null, null, reason, fields, at);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
