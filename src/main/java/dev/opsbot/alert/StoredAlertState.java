package dev.opsbot.alert;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an alert stands, and the one statement of the moves it may make: the store refuses any
 * other, the desk offers people only these, and a parent message shows the buttons they allow.
 * Stored as its lowercase name.
 */
public enum StoredAlertState {
  PENDING,
  FIRING,
  ACKNOWLEDGED,
  SNOOZED,
  RESOLVED;

  private static final Map<StoredAlertState, Set<StoredAlertState>> MOVES =
      new EnumMap<>(StoredAlertState.class);

  static {
    // The condition held for holdFor, or cleared before it.
    MOVES.put(PENDING, EnumSet.of(FIRING, RESOLVED));
    MOVES.put(FIRING, EnumSet.of(ACKNOWLEDGED, SNOOZED, RESOLVED));
    // Someone owns it: repeats, escalation and snoozes are over; only resolving is left.
    MOVES.put(ACKNOWLEDGED, EnumSet.of(RESOLVED));
    // The snooze ran out (firing again), or someone acts on it; a later snooze replaces it.
    MOVES.put(SNOOZED, EnumSet.of(FIRING, ACKNOWLEDGED, SNOOZED, RESOLVED));
    MOVES.put(RESOLVED, EnumSet.noneOf(StoredAlertState.class));
  }

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
    return MOVES.get(this).contains(next);
  }
}
