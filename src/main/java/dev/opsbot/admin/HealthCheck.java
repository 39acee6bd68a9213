package dev.opsbot.admin;

import java.util.Optional;

/** Something opsbot needs to work, as {@code /healthz} reports it. */
@FunctionalInterface
public interface HealthCheck {
  /** Empty when it works; otherwise what is wrong, such as "state database: connection refused". */
  Optional<String> problem();
}
