package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;

/** Fleet-wide probing settings; each has a default that suits a small fleet. */
public record ProbeSettings(
    Duration interval,
    Duration freshness,
    Integer maxInFlight,
    Integer failureThreshold,
    Integer successThreshold,
    Integer maxBodyKib,
    Integer historySize,
    Duration slowAfter,
    Timeouts timeouts) {

  public static final ProbeSettings DEFAULT =
      new ProbeSettings(null, null, null, null, null, null, null, null, null);

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
  }
}
