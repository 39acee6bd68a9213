package dev.opsbot.demo;

import dev.opsbot.lifecycle.Lifecycle;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of the FLEET.md fleet on loopback: three Render services and three Vercel apps, each on
 * its own port, the AI Agents service guarded by a generated API key.
 */
public final class SimulatedFleet implements AutoCloseable, DemoServices {
  enum Kind {
    AI_AGENTS,
    RENDER_SERVICE,
    VERCEL_APP
  }

  /** The service that runs AUREA and its scheduler. */
  public static final String AUREA_SERVICE = "ai-agents";

  private final Map<String, SimulatedService> services = new LinkedHashMap<>();
  private final String apiKey;
  private final Lifecycle lifecycle = new Lifecycle();

  private SimulatedFleet(String apiKey, Clock clock) {
    this.apiKey = apiKey;
    add(new SimulatedService(AUREA_SERVICE, Kind.AI_AGENTS, "9.1.1", apiKey, clock));
    add(new SimulatedService("backend", Kind.RENDER_SERVICE, "163.0.16", apiKey, clock));
    add(new SimulatedService("mcp-bridge", Kind.RENDER_SERVICE, "1.0.0", apiKey, clock));
    add(new SimulatedService("erp", Kind.VERCEL_APP, null, apiKey, clock));
    add(new SimulatedService("mrg", Kind.VERCEL_APP, null, apiKey, clock));
    add(new SimulatedService("command-center", Kind.VERCEL_APP, null, apiKey, clock));
  }

  private void add(SimulatedService service) {
    services.put(service.id(), service);
  }

  /** Starts every service on a free loopback port, with a fresh random API key. */
  public static SimulatedFleet start(Clock clock) {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    SimulatedFleet fleet = new SimulatedFleet("demo-" + HexFormat.of().formatHex(key), clock);
    fleet.services.values().forEach(s -> fleet.lifecycle.start(s.id(), s::start, s::stop));
    return fleet;
  }

  public String apiKey() {
    return apiKey;
  }

  public List<String> serviceIds() {
    return List.copyOf(services.keySet());
  }

  /**
   * The environment that {@code config/demo.yaml} reads: each service's URL as {@code
   * DEMO_<ID>_URL} and the API key as {@code BRAINOPS_API_KEY}.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    services.forEach((id, service) ->
        env.put("DEMO_" + id.toUpperCase().replace('-', '_') + "_URL", service.baseUrl()));
    env.put("BRAINOPS_API_KEY", apiKey);
    return env;
  }

  Optional<SimulatedService> service(String id) {
    return Optional.ofNullable(services.get(id));
  }

  @Override
  public void runVersion(String service, String version) {
    service(service).ifPresent(s -> s.runVersion(version));
  }

  @Override
  public void restart(String service) {
    service(service).ifPresent(SimulatedService::reset);
  }

  @Override
  public Optional<FaultState> faults(String service) {
    return service(service).map(SimulatedService::faults);
  }

  public void reset() {
    services.values().forEach(SimulatedService::reset);
  }

  @Override
  public void close() {
    lifecycle.close();
  }
}
