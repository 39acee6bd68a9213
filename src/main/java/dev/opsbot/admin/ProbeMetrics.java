package dev.opsbot.admin;

import dev.opsbot.probe.ProbeListener;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probe results as Prometheus metrics: {@code opsbot_probe_results_total}, {@code
 * opsbot_probe_latency_seconds} and {@code opsbot_target_up} (1 up, 0.5 degraded, 0 down).
 */
public final class ProbeMetrics implements ProbeListener {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> upness = new ConcurrentHashMap<>();

  public ProbeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onResult(ProbeResult result) {
    String target = result.key().toString();
    Counter.builder("opsbot.probe.results")
        .tag("target", target)
        .tag("status", result.status().name())
        .register(registry)
        .increment();
    if (result.latency() != null) {
      Timer.builder("opsbot.probe.latency")
          .tag("target", target)
          .register(registry)
          .record(result.latency());
    }
    AtomicInteger halves =
        upness.computeIfAbsent(
            target,
            t -> {
              AtomicInteger value = new AtomicInteger();
              Gauge.builder("opsbot.target.up", value, v -> v.get() / 2.0)
                  .tag("target", t)
                  .register(registry);
              return value;
            });
    halves.set(
        result.status() == ProbeStatus.UP ? 2 : result.status() == ProbeStatus.DEGRADED ? 1 : 0);
  }
}
