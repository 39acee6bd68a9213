package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/**
 * Fleet-wide probing settings; each has a default that suits a small fleet.
 *
 * @param location this replica's label among the places probing the fleet, such as eu-west
 * @param quorum how many locations must see a target down before it counts as down
 */
public record ProbeSettings(
    Duration interval,
    Duration freshness,
    Integer maxInFlight,
    Integer failureThreshold,
    Integer successThreshold,
    Integer maxBodyKib,
    Integer historySize,
    Duration slowAfter,
    Timeouts timeouts,
    String location,
    Integer quorum) {

  /** The label of a replica that names no location: alone, it needs none. */
  public static final String DEFAULT_LOCATION = "default";

  public static final ProbeSettings DEFAULT =
      new ProbeSettings(null, null, null, null, null, null, null, null, null, null, null);

  /** Probing from one location (the default label, a quorum of 1). */
  public ProbeSettings(
      Duration interval,
      Duration freshness,
      Integer maxInFlight,
      Integer failureThreshold,
      Integer successThreshold,
      Integer maxBodyKib,
      Integer historySize,
      Duration slowAfter,
      Timeouts timeouts) {
    this(
        interval,
        freshness,
        maxInFlight,
        failureThreshold,
        successThreshold,
        maxBodyKib,
        historySize,
        slowAfter,
        timeouts,
        null,
        null);
  }

  public ProbeSettings {
    interval = requireNonNullElse(interval, Duration.ofSeconds(30));
    freshness = requireNonNullElse(freshness, Duration.ofSeconds(15));
    maxInFlight = requireNonNullElse(maxInFlight, 1024);
    failureThreshold = requireNonNullElse(failureThreshold, 2);
    successThreshold = requireNonNullElse(successThreshold, 1);
    maxBodyKib = requireNonNullElse(maxBodyKib, 256);
    historySize = requireNonNullElse(historySize, 120);
    slowAfter = requireNonNullElse(slowAfter, Duration.ofSeconds(2));
    timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts.orElse(Timeouts.DEFAULT);
    location = location == null || location.isBlank() ? DEFAULT_LOCATION : location.strip();
    quorum = requireNonNullElse(quorum, 1);
  }

  /**
   * How long a location's latest verdict counts: three intervals, so one slow or skipped round does
   * not drop a location that is still probing.
   */
  public Duration locationFreshFor() {
    return interval.multipliedBy(3);
  }
}
