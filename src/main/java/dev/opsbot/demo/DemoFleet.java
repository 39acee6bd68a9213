package dev.opsbot.demo;

import dev.opsbot.lifecycle.Lifecycle;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The simulated fleet and its database, started together for {@code demo} and the tests. */
public final class DemoFleet implements AutoCloseable {
  private final SimulatedFleet services;
  private final DemoDatabase database;
  private final SimulatedDeployApis deployApis;
  private final DemoHeartbeat heartbeat;
  private final DemoToken intakeToken = DemoToken.generate("intake");
  private final Lifecycle lifecycle;

  private DemoFleet(
      SimulatedFleet services,
      DemoDatabase database,
      SimulatedDeployApis deployApis,
      DemoHeartbeat heartbeat,
      Lifecycle lifecycle) {
    this.services = services;
    this.database = database;
    this.deployApis = deployApis;
    this.heartbeat = heartbeat;
    this.lifecycle = lifecycle;
  }

  public static DemoFleet start(Clock clock) {
    return Lifecycle.startUp(lifecycle -> {
      SimulatedFleet services =
          lifecycle.start("simulated services", () -> SimulatedFleet.start(clock));
      SimulatedDeployApis deployApis =
          lifecycle.start(
              "simulated deploy APIs", () -> SimulatedDeployApis.start(clock, services));
      DemoDatabase database = lifecycle.start("demo database", DemoDatabase::start);
      DemoHeartbeat heartbeat = lifecycle.start("demo heartbeat", DemoHeartbeat::create);
      return new DemoFleet(services, database, deployApis, heartbeat, lifecycle);
    });
  }

  public SimulatedFleet services() {
    return services;
  }

  public DemoDatabase database() {
    return database;
  }

  /** The demo's scheduled job that pings heartbeat {@value DemoHeartbeat#ID}. */
  public DemoHeartbeat heartbeat() {
    return heartbeat;
  }

  /**
   * {@code Authorization: Bearer $(cat <file>)} for the demo's Alertmanager intake, whose token
   * (OPSBOT_DEMO_INTAKE_TOKEN) is made up at each start.
   */
  public String intakeAuthorization() {
    return "Authorization: Bearer " + intakeToken.shellReference();
  }

  /** The process environment with the demo's URLs and generated key laid over it. */
  public Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>(base);
    env.putAll(services.environment());
    env.putAll(database.environment());
    env.putAll(deployApis.environment());
    env.putAll(heartbeat.environment());
    env.put("OPSBOT_DEMO_INTAKE_TOKEN", intakeToken.value());
    return env;
  }

  /** Stops the database, then the deploy APIs, then the services they roll back. */
  @Override
  public void close() {
    lifecycle.close();
    intakeToken.delete();
  }
}
