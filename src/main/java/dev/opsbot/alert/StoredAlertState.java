package dev.opsbot.alert;

import java.util.Locale;
import java.util.Set;

/** Where a stored alert stands; the allowed moves between states are the state machine. */
public enum StoredAlertState {
  PENDING,
  FIRING,
  ACKNOWLEDGED,
  SNOOZED,
  RESOLVED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StoredAlertState of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  public boolean open() {
    return this != RESOLVED;
  }

  /** Whether an alert in this state may move to {@code next}. */
  public boolean canMoveTo(StoredAlertState next) {
    return switch (this) {
      case PENDING -> Set.of(FIRING, RESOLVED).contains(next);
      case FIRING -> Set.of(ACKNOWLEDGED, SNOOZED, RESOLVED).contains(next);
      case ACKNOWLEDGED -> Set.of(SNOOZED, RESOLVED).contains(next);
      case SNOOZED -> Set.of(FIRING, ACKNOWLEDGED, RESOLVED).contains(next);
      case RESOLVED -> false;
    };
  }
}
