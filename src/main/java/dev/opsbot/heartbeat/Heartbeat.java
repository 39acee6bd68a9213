package dev.opsbot.heartbeat;

import dev.opsbot.config.HeartbeatConfig;
import dev.opsbot.config.Secret;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/** One monitor: a job that pings with {@code token} as {@link Expectation} says. */
public record Heartbeat(String id, String name, Secret token, Expectation expectation) {
  public Heartbeat {
    Objects.requireNonNull(id);
    Objects.requireNonNull(token);
    Objects.requireNonNull(expectation);
  }

  /** From a validated configuration entry that is on (has a token). */
  public static Heartbeat of(HeartbeatConfig config) {
    Duration grace = config.grace() == null ? Duration.ZERO : config.grace();
    Expectation expectation =
        config.every() != null
            ? new Expectation.Every(config.every(), grace)
            : new Expectation.Daily(
                LocalTime.parse(config.by()), ZoneId.of(config.timeZone()), grace);
    return new Heartbeat(config.id(), config.name(), config.token(), expectation);
  }
}
