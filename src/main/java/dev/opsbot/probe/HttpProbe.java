package dev.opsbot.probe;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.config.EndpointConfig;
import dev.opsbot.config.FieldPath;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.Secret;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.config.Timeouts;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * GETs one URL of a service and judges the answer: a service's health path (status and version
 * fields, slowness) or a further endpoint (its configured fields).
 */
public final class HttpProbe implements Probe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProbeKey key;
  private final String url;
  private final Map<String, Secret> headers;
  private final OkHttpClient client;
  private final Clock clock;
  private final long maxBodyBytes;
  private final Duration slowAfter;
  private final Timeouts timeouts;
  private final boolean expectJson;
  private final Map<String, FieldPath> fields;
  private final HealthRule healthRule;

  /** What makes a health answer healthy; absent for endpoints, which only need to answer. */
  private record HealthRule(FieldPath statusPath, java.util.List<String> healthyValues) {}

  private HttpProbe(
      ProbeKey key,
      String url,
      ServiceConfig service,
      ProbeSettings settings,
      OkHttpClient sharedClient,
      Clock clock,
      Map<String, FieldPath> fields,
      HealthRule healthRule,
      boolean expectJson) {
    this.key = key;
    this.url = url;
    this.headers = service.headers();
    this.timeouts =
        service.timeouts() == null
            ? settings.timeouts()
            : service.timeouts().orElse(settings.timeouts());
    // A fresh connection for every probe, so a probe never fails on a pooled connection the
    // server has since closed (keep-alive timeout, idle limit): without retries, which stay off
    // so a failure is reported rather than hidden, that read "unexpected end of stream" as DOWN.
    // It also times connect and TLS each time. The pool is the probe's own and keeps nothing: one
    // shared pool made every call of a 1000-probe fan-out scan all 1000 open connections. Fast
    // fallback is off so the connect runs on the probe's thread: at 1000 probes, waiting for
    // OkHttp's connect threads added about 50 ms to each reported latency.
    this.client =
        sharedClient
            .newBuilder()
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .fastFallback(false)
            .connectTimeout(timeouts.connect())
            .readTimeout(timeouts.read())
            .callTimeout(timeouts.overall())
            .eventListenerFactory(PhaseRecorder.FACTORY)
            .retryOnConnectionFailure(false)
            .build();
    this.clock = clock;
    this.maxBodyBytes = settings.maxBodyKib() * 1024L;
    this.slowAfter = service.slowAfter() != null ? service.slowAfter() : settings.slowAfter();
    this.expectJson = expectJson;
    this.fields = fields;
    this.healthRule = healthRule;
  }

  /** The health probe of a service: status field, version field, slowness. */
  public static HttpProbe health(
      ServiceConfig service, ProbeSettings settings, OkHttpClient client, Clock clock) {
    Map<String, FieldPath> fields = new LinkedHashMap<>();
    fields.put("status", service.statusPath());
    fields.put("version", service.versionPath());
    return new HttpProbe(
        ProbeKey.health(service.id()),
        service.urlFor(service.healthPath()),
        service,
        settings,
        client,
        clock,
        fields,
        new HealthRule(service.statusPath(), service.healthyValues()),
        service.expectJson());
  }

  /** A further JSON endpoint of a service, read for its fields. */
  public static HttpProbe endpoint(
      ServiceConfig service,
      String name,
      EndpointConfig endpoint,
      ProbeSettings settings,
      OkHttpClient client,
      Clock clock) {
    return new HttpProbe(
        ProbeKey.endpoint(service.id(), name),
        service.urlFor(endpoint.path()),
        service,
        settings,
        client,
        clock,
        endpoint.fields(),
        null,
        true);
  }

  @Override
  public ProbeKey key() {
    return key;
  }

  public String url() {
    return url;
  }

  @Override
  public ProbeResult run() {
    PhaseRecorder phases = new PhaseRecorder();
    Request.Builder request = phases.attachTo(new Request.Builder().url(url).get());
    request.header("Accept", expectJson ? "application/json" : "*/*");
    headers.forEach((name, value) -> {
      if (value != null && !value.isEmpty()) {
        request.header(name, value.reveal());
      }
    });
    long start = System.nanoTime();
    try (Response response = client.newCall(request.build()).execute()) {
      Body body = readCapped(response);
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      return judge(response.code(), body, latency, phases.timings());
    } catch (IOException e) {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      return result(ProbeStatus.DOWN, null, latency, phases.timings(), null, failure(e, latency));
    } catch (RuntimeException e) {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      return result(
          ProbeStatus.DOWN,
          null,
          latency,
          phases.timings(),
          null,
          "probe failed: " + e.getClass().getSimpleName());
    }
  }

  private record Body(String text, boolean truncated) {}

  private Body readCapped(Response response) throws IOException {
    BufferedSource source = response.body().source();
    boolean truncated = source.request(maxBodyBytes + 1);
    long available = Math.min(source.getBuffer().size(), maxBodyBytes);
    String text = source.getBuffer().readString(available, StandardCharsets.UTF_8);
    return new Body(text, truncated);
  }

  private ProbeResult judge(int code, Body body, Duration latency, PhaseTimings phases) {
    if (code >= 500) {
      return result(ProbeStatus.DOWN, code, latency, phases, null, "HTTP " + code);
    }
    if (code == 401 || code == 403) {
      return result(
          ProbeStatus.DOWN, code, latency, phases, null, "HTTP " + code + ": check the API key");
    }
    if (code >= 300) {
      return result(ProbeStatus.DOWN, code, latency, phases, null, "HTTP " + code);
    }
    if (body.truncated()) {
      return result(
          ProbeStatus.DOWN,
          code,
          latency,
          phases,
          null,
          "response body larger than " + maxBodyBytes / 1024 + " KiB");
    }
    if (!expectJson) {
      return slowOrUp(code, latency, phases, Map.of(), null);
    }
    JsonNode json = parseJson(body.text());
    if (json == null || !json.isContainerNode()) {
      return result(ProbeStatus.DOWN, code, latency, phases, null, "body is not JSON");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    java.util.List<String> missing = new java.util.ArrayList<>();
    fields.forEach((name, path) -> {
      JsonNode value = json.at(path.pointer());
      if (value.isMissingNode() || value.isNull()) {
        missing.add(path.text());
      } else {
        values.put(name, value);
      }
    });
    String version = values.containsKey("version") ? values.get("version").asText() : null;
    if (healthRule != null) {
      JsonNode status = json.at(healthRule.statusPath().pointer());
      if (status.isMissingNode() || status.isNull()) {
        return result(
            ProbeStatus.DEGRADED,
            code,
            latency,
            phases,
            values,
            version,
            "no " + healthRule.statusPath() + " field in the response");
      }
      String statusText = status.asText();
      if (healthRule.healthyValues().stream().noneMatch(statusText::equalsIgnoreCase)) {
        return result(
            ProbeStatus.DEGRADED,
            code,
            latency,
            phases,
            values,
            version,
            healthRule.statusPath() + " is '" + statusText + "'");
      }
    } else if (!missing.isEmpty()) {
      return result(
          ProbeStatus.DEGRADED,
          code,
          latency,
          phases,
          values,
          version,
          "missing field " + String.join(", ", missing));
    }
    return slowOrUp(code, latency, phases, values, version);
  }

  private static JsonNode parseJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      return null;
    }
  }

  private ProbeResult slowOrUp(
      int code,
      Duration latency,
      PhaseTimings phases,
      Map<String, JsonNode> values,
      String version) {
    if (latency.compareTo(slowAfter) > 0) {
      return result(
          ProbeStatus.DEGRADED,
          code,
          latency,
          phases,
          values,
          version,
          "slow: " + latency.toMillis() + " ms (limit " + slowAfter.toMillis() + " ms)");
    }
    return result(ProbeStatus.UP, code, latency, phases, values, version, "ok");
  }

  private String failure(IOException e, Duration latency) {
    String host = okhttp3.HttpUrl.get(url).host();
    if (e instanceof UnknownHostException) {
      return "DNS lookup failed for " + host;
    }
    if (e instanceof ConnectException) {
      return "connection refused by " + host;
    }
    if (e instanceof SSLException) {
      return "TLS failure: " + firstLine(e.getMessage());
    }
    if (e instanceof InterruptedIOException) {
      return "timed out after " + seconds(latency);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "network error: " + firstLine(message);
  }

  private static String seconds(Duration latency) {
    long tenths = Math.round(latency.toMillis() / 100.0);
    return tenths % 10 == 0 ? tenths / 10 + " s" : tenths / 10 + "." + tenths % 10 + " s";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private ProbeResult result(
      ProbeStatus status,
      Integer code,
      Duration latency,
      PhaseTimings phases,
      Map<String, JsonNode> values,
      String reason) {
    return result(status, code, latency, phases, values, null, reason);
  }

  private ProbeResult result(
      ProbeStatus status,
      Integer code,
      Duration latency,
      PhaseTimings phases,
      Map<String, JsonNode> values,
      String version,
      String reason) {
    return new ProbeResult(
        key, status, code, latency, phases, version, reason, values, clock.instant());
  }
}
