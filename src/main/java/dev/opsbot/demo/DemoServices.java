package dev.opsbot.demo;

import java.util.Optional;

/** What the deploy platforms' stand-ins do to the simulated services, and see of them. */
interface DemoServices {
  /** A deploy (or rollback) went live: the service reports its version from now on. */
  void runVersion(String service, String version);

  /** A restart finished: the service comes back without the faults injected into it. */
  void restart(String service);

  /** What is wrong with the service now; empty for a service the fleet does not have. */
  Optional<FaultState> faults(String service);
}
