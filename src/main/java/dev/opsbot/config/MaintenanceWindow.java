package dev.opsbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A maintenance window in configuration ({@code maintenance:} in the main file): the alerts of its
 * services are held back while it runs, and the digest does not count it against their
 * availability.
 *
 * @param name a short name, unique among the windows: it keys each occurrence across replicas
 * @param services the service ids it covers
 * @param when when it runs: see {@link MaintenanceWhen}
 * @param reason shown when it starts and in the digest; may be null
 */
public record MaintenanceWindow(String name, List<String> services, String when, String reason) {
  public MaintenanceWindow {
    // Not List.copyOf: an empty entry must reach the validator, not throw here.
    services =
        services == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(services));
  }

  /**
   * When it runs; valid once the configuration has been checked.
   *
   * @throws IllegalArgumentException for a {@code when} the checks would have refused
   */
  public MaintenanceWhen schedule() {
    return MaintenanceWhen.parse(when);
  }
}
