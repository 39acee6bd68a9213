package dev.opsbot.access;

import java.util.Locale;
import java.util.Optional;

/** What a person may do; each role includes the ones before it. */
public enum Role {
  /** Everyone: read-only commands. */
  VIEWER,
  /** The on-call rota: /sql, /rollback, acknowledging alerts. */
  ONCALL,
  /** Operators of opsbot itself: /audit, forcing. */
  ADMIN;

  public boolean includes(Role other) {
    return ordinal() >= other.ordinal();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> byId(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
