package dev.opsbot.demo;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The simulated fleet and its database, started together for {@code demo} and the tests. */
public final class DemoFleet implements AutoCloseable {
  private final SimulatedFleet services;
  private final DemoDatabase database;
  private final SimulatedDeployApis deployApis;

  private DemoFleet(
      SimulatedFleet services, DemoDatabase database, SimulatedDeployApis deployApis) {
    this.services = services;
    this.database = database;
    this.deployApis = deployApis;
  }

  public static DemoFleet start(Clock clock) {
    SimulatedFleet services = SimulatedFleet.start(clock);
    SimulatedDeployApis deployApis = null;
    try {
      deployApis =
          SimulatedDeployApis.start(
              clock,
              (service, version) ->
                  services.service(service).ifPresent(s -> s.runVersion(version)));
      return new DemoFleet(services, DemoDatabase.start(), deployApis);
    } catch (RuntimeException e) {
      services.close();
      if (deployApis != null) {
        deployApis.close();
      }
      throw e;
    }
  }

  public SimulatedFleet services() {
    return services;
  }

  public DemoDatabase database() {
    return database;
  }

  /** The process environment with the demo's URLs and generated key laid over it. */
  public Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>(base);
    env.putAll(services.environment());
    env.putAll(database.environment());
    env.putAll(deployApis.environment());
    return env;
  }

  @Override
  public void close() {
    services.close();
    database.close();
    deployApis.close();
  }
}
